import { addStreetStaff, addUnitMember, setStreetAdmin, upsertUnit } from '../admin/platform';

/**
 * The units (单位) of 示范街道 that its requests are dispatched to (吹哨报到), one of every type, with three demo unit
 * accounts and the street's admin (街道管理员 何主任, who manages them; 吴科长 stays plain street staff). 滨江街道 gets a
 * property company of its own, so every isolation rule between streets has something to be isolated from.
 * Idempotent: units are upserted by name, people by account.
 */
export async function seedUnits() {
  await upsertUnit('demo-street', 'wuye', '阳光物业公司', ['demo'], '021-55550001');
  await upsertUnit('demo-street', 'chengguan', '街道城管执法队', ['demo'], '021-55550002');
  await upsertUnit('demo-street', 'zhujian', '区住建局房屋科', ['demo'], '021-55550003');
  await upsertUnit('demo-street', 'shichang', '街道市场监管所', ['demo'], '021-55550004');
  await upsertUnit('demo-street', 'gongan', '社区警务室', ['demo'], '021-55550005');
  await upsertUnit('demo-street', 'utility', '自来水公司', ['demo'], '021-55550006');
  await upsertUnit('demo-street', 'utility', '燃气公司', ['demo'], '021-55550007');
  await upsertUnit('demo-street', 'other', '区园林绿化所', ['demo'], '021-55550008');
  await upsertUnit('river-street', 'wuye', '滨江物业公司', ['river'], '021-66660001');

  await addUnitMember('阳光物业公司', 'demo-unit-wuye-1', '孙经理', '13800000021');
  await addUnitMember('街道城管执法队', 'demo-unit-chengguan-1', '钱队长', '13800000022');
  await addUnitMember('自来水公司', 'demo-unit-water-1', '冯师傅', '13800000023');
  await addUnitMember('滨江物业公司', 'river-unit-wuye-1', '滨江物业小周', '13800000024');

  await addStreetStaff('demo-street', 'demo-street-admin-1', '何主任');
  await setStreetAdmin('demo-street', 'demo-street-admin-1', true);
}
