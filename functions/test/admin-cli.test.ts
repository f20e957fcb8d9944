import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { db } from '../src/lib/db';
import { CommunityModel, MembershipModel, StreetModel } from '../src/communities/community.model';
import { call, signIn } from './helpers/api';

// The platform operator's CLI, run as `npm run admin -- …` runs it, against this test file's database.
const root = join(__dirname, '..', '..');
const admin = (...args: string[]) =>
  execFileSync(process.execPath, [join(root, 'scripts', 'run-ts.mjs'), 'functions/src/admin/admin.cli.ts', ...args], {
    cwd: root,
    env: { ...process.env },
    encoding: 'utf8',
  });

describe('npm run admin', () => {
  it('creates a street, a community with its grid and building, and its first admin, idempotently', async () => {
    const steps = () => {
      admin('create-street', '--code', 'east', '--name', '东城街道');
      admin('create-community', '--street', 'east', '--code', 'sunny', '--name', '阳光社区');
      admin('create-grid', '--community', 'sunny', '--name', '阳光一网格');
      admin('create-building', '--community', 'sunny', '--grid', '阳光一网格', '--name', '阳光1号楼', '--households', '88');
      admin('create-admin', '--community', 'sunny', '--openid', 'sunny-admin', '--name', '阳光管理员');
    };
    steps();
    steps(); // running it again changes nothing
    await db();
    expect(await StreetModel.countDocuments({ code: 'east' })).toBe(1);
    const community = await CommunityModel.findOne({ code: 'sunny' }).lean();
    expect(community?.name).toBe('阳光社区');
    expect(await MembershipModel.countDocuments({ communityId: community!._id })).toBe(1);

    const { token } = await signIn('sunny-admin');
    const me = await call('GET', '/api/me', { token });
    expect(me.body.memberships[0]).toMatchObject({ communityName: '阳光社区', roles: ['admin'], status: 'active' });
    const detail = await call('GET', `/api/communities/${String(community!._id)}`);
    expect(detail.body.buildings).toEqual([expect.objectContaining({ name: '阳光1号楼', households: 88 })]);
  }, 120_000);

  it('fails with the usage when an argument is missing', () => {
    expect(() => admin('create-street', '--code', 'x')).toThrow(/--name is required/);
  });
});
