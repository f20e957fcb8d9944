import { parseArgs } from 'node:util';
import { ensureIndexes, disconnect } from '../lib/db';
import { HOLIDAYS_USAGE, holidaysCommand } from '../system/holidays.cli';
import { addStreetStaff, addUnitMember, setStreetAdmin, upsertBuilding, upsertCommunity, upsertGrid, upsertMember, upsertStreet, upsertUnit } from './platform';

const USAGE = `平台运维命令 (platform operator):
  npm run admin -- create-street     --code <code> --name <名称>
  npm run admin -- create-community  --street <code> --code <code> --name <名称>
  npm run admin -- create-grid       --community <code> --name <网格名>
  npm run admin -- create-building   --community <code> --grid <网格名> --name <楼栋名> --households <户数>
  npm run admin -- create-admin      --community <code> --openid <openid> --name <姓名>
  npm run admin -- add-street-staff  --street <code> --openid <openid> --name <姓名>
  npm run admin -- grant-street-admin  --street <code> --openid <openid>      (街道管理员: manages the street's units)
  npm run admin -- revoke-street-admin --street <code> --openid <openid>
  npm run admin -- create-unit       --street <code> --type <wuye|chengguan|zhujian|shichang|gongan|utility|other> --name <单位名称> --communities <code,code…> [--phone <电话>]
  npm run admin -- add-unit-member   --unit <单位名称|id> --openid <openid> --name <姓名> [--phone <手机号>]
${HOLIDAYS_USAGE}
MONGODB_URI must point at the database.`;

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  // Positional arguments (a year, a file): not the --option form of the others.
  if (command === 'set-holidays' || command === 'show-holidays') {
    await ensureIndexes();
    return console.log(await holidaysCommand(command, rest));
  }
  const { values: v } = parseArgs({
    args: rest,
    options: Object.fromEntries(['code', 'name', 'street', 'community', 'grid', 'households', 'openid', 'type', 'communities', 'unit', 'phone'].map((k) => [k, { type: 'string' as const }])),
  });
  const need = (k: keyof typeof v) => {
    const x = v[k];
    if (!x) throw new Error(`--${k} is required\n\n${USAGE}`);
    return x as string;
  };
  if (!command || command === 'help') return console.log(USAGE);
  await ensureIndexes();
  switch (command) {
    case 'create-street':
      return console.log('ok', String((await upsertStreet(need('code'), need('name')))._id));
    case 'create-community':
      return console.log('ok', String((await upsertCommunity(need('street'), need('code'), need('name')))._id));
    case 'create-grid':
      return console.log('ok', String((await upsertGrid(need('community'), need('name')))._id));
    case 'create-building':
      return console.log('ok', String((await upsertBuilding(need('community'), need('grid'), need('name'), Number(need('households'))))._id));
    case 'create-admin':
      return console.log('ok', String((await upsertMember(need('community'), { openid: need('openid'), name: need('name'), roles: ['admin'] }))._id));
    case 'add-street-staff':
      return console.log('ok', String((await addStreetStaff(need('street'), need('openid'), need('name')))._id));
    case 'grant-street-admin':
    case 'revoke-street-admin':
      return console.log('ok', String((await setStreetAdmin(need('street'), need('openid'), command === 'grant-street-admin'))._id));
    case 'create-unit':
      return console.log('ok', String((await upsertUnit(need('street'), need('type'), need('name'), need('communities').split(',').map((c) => c.trim()).filter(Boolean), v.phone as string | undefined))._id));
    case 'add-unit-member':
      return console.log('ok', String((await addUnitMember(need('unit'), need('openid'), need('name'), v.phone as string | undefined))._id));
    default:
      throw new Error(`unknown command ${command}\n\n${USAGE}`);
  }
}

main()
  .then(() => disconnect())
  .catch(async (err) => {
    console.error(err instanceof Error ? err.message : err);
    await disconnect();
    process.exit(1);
  });
