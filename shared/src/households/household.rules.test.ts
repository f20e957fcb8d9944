import { buildingKey, householdAddress, matchBuilding, normalizeRoom, normalizeUnit, parseCsv, readHouseholdCsv, sameOccupantName } from './household.rules';
import { HOUSEHOLD_IMPORT_MAX_ROWS } from './household.schema';

describe('households/household.rules', () => {
  describe('normalizeUnit', () => {
    it.each([
      ['1单元', '1'], ['1', '1'], ['01', '1'], [' 1 ', '1'], ['１', '1'], ['１单元', '1'], ['一单元', '1'], ['十二单元', '12'], ['二十', '20'],
      ['a单元', 'A'], ['B', 'B'], ['东单元', '东'], ['0', '0'],
    ])('reads %j as %j', (typed, stored) => expect(normalizeUnit(typed)).toBe(stored));
  });

  describe('normalizeRoom', () => {
    it.each([['101室', '101'], ['101', '101'], ['101号', '101'], ['101房', '101'], ['１０１', '101'], [' 101 室', '101'], ['0101', '0101'], ['b101', 'B101']])(
      'reads %j as %j',
      (typed, stored) => expect(normalizeRoom(typed)).toBe(stored),
    );
  });

  it('writes an address as people do', () => expect(householdAddress('2号楼', '1', '102')).toBe('2号楼1单元102'));

  describe('buildings', () => {
    const buildings = [{ name: '1号楼' }, { name: '2号楼' }, { name: '综合楼' }, { name: '10栋' }];
    it.each([['1号楼', '1号楼'], ['1栋', '1号楼'], ['1幢', '1号楼'], ['１号楼', '1号楼'], ['1', '1号楼'], ['01号楼', '1号楼'], ['综合楼', '综合楼'], ['10号楼', '10栋'], [' 2号楼 ', '2号楼']])(
      'matches %j to %s',
      (typed, name) => expect(matchBuilding(typed, buildings)?.name).toBe(name),
    );
    it('matches nothing for an unknown building, or one that is ambiguous', () => {
      expect(matchBuilding('5号楼', buildings)).toBeNull();
      expect(matchBuilding('1', [{ name: '1号楼' }, { name: '1栋' }])).toBeNull();
      expect(matchBuilding('1号楼', [{ name: '1号楼' }, { name: '1栋' }])?.name).toBe('1号楼');
    });
    it('keys names by their number', () => expect([buildingKey('3栋'), buildingKey('3号'), buildingKey('商业楼')]).toEqual(['3', '3', '商业楼']));
  });

  it('takes occupant names as the same regardless of spaces and width', () => {
    expect(sameOccupantName('孙 奶奶', '孙奶奶')).toBe(true);
    expect(sameOccupantName('Ａnna', 'Anna')).toBe(true);
    expect(sameOccupantName('孙奶奶', '孙爷爷')).toBe(false);
  });

  describe('parseCsv', () => {
    it('reads quoted fields, doubled quotes, CRLF, a BOM, full-width commas and skips blank rows', () => {
      expect(parseCsv('\uFEFFa,"b,c","d""e"\r\n\r\nf，g\n"h\ni",j')).toEqual([
        { line: 1, fields: ['a', 'b,c', 'd"e'] },
        { line: 3, fields: ['f', 'g'] },
        { line: 4, fields: ['h\ni', 'j'] },
      ]);
    });
    it('reads an empty text as no rows', () => expect(parseCsv('')).toEqual([]));
  });

  describe('readHouseholdCsv', () => {
    it('skips a header and reads addresses and occupants, normalised', () => {
      const { rows, tooMany } = readHouseholdCsv('楼栋,单元,房号,姓名,关系,联系电话,电话说明\n2号楼,1单元,102室,孙奶奶,户主,13900000002,儿子\n1号楼,1,101\n');
      expect(tooMany).toBe(false);
      expect(rows).toEqual([
        { line: 2, ok: true, building: '2号楼', unit: '1', room: '102', occupant: { name: '孙奶奶', relation: '户主', phone: '13900000002', phoneNote: '儿子' } },
        { line: 3, ok: true, building: '1号楼', unit: '1', room: '101' },
      ]);
    });

    it('accepts a phone number typed with spaces, dashes or full-width digits', () => {
      const { rows } = readHouseholdCsv('1号楼,1,101,张三,,139 0000-0002\n1号楼,1,101,李四,,１３９０００００００３');
      expect(rows.map((r) => r.ok && r.occupant?.phone)).toEqual(['13900000002', '13900000003']);
    });

    it('refuses each bad row with a reason in Chinese and keeps the others', () => {
      const csv = [',1,101', '1号楼,,101', '1号楼,1,', '1号楼,1,101,张三,,12345', '1号楼,1,101,,户主', `1号楼,1,101,${'长'.repeat(21)}`, '1号楼,1,101,张\u202E三', `1号楼,${'1'.repeat(17)},101`, '1号楼,1,101,张三,,,,多余', '1号楼,1,102,王五'].join('\n');
      const { rows } = readHouseholdCsv(csv);
      expect(rows.map((r) => (r.ok ? 'ok' : r.message))).toEqual([
        '缺少楼栋',
        '缺少单元',
        '缺少房号',
        '联系电话：请输入11位手机号',
        '填写了关系或电话，但缺少姓名',
        '姓名最多20个字',
        '姓名包含不允许的控制字符',
        '单元最多16个字',
        '列数过多：应为楼栋、单元、房号、姓名、关系、联系电话、电话说明',
        'ok',
      ]);
      expect(rows.map((r) => r.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    });

    it(`takes at most ${HOUSEHOLD_IMPORT_MAX_ROWS} rows, the header aside`, () => {
      const rows = (n: number) => Array.from({ length: n }, (_, i) => `1号楼,1,${i + 1}`).join('\n');
      expect(readHouseholdCsv(`楼栋,单元,房号\n${rows(HOUSEHOLD_IMPORT_MAX_ROWS)}`).tooMany).toBe(false);
      expect(readHouseholdCsv(rows(HOUSEHOLD_IMPORT_MAX_ROWS + 1))).toEqual({ rows: [], tooMany: true });
    });
  });
});
