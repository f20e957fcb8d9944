// Deployment settings serverless.yml computes rather than states (`${file(./scripts/deploy-config.cjs):…}`):
// reserved concurrency from the MongoDB connection limit, and the VPC the functions join (none unless configured).
// Read at `serverless package` / `deploy` time from the operator's environment; nothing here is secret.
'use strict';

/** Connections one warm container may hold (mongoose maxPoolSize, lib/db.ts reads MONGODB_POOL_SIZE). */
const POOL_SIZE = 5;
/** Connections kept free for what is not a function: `npm run admin`, seed and upgrade from an operator's machine, monitoring. */
const HEADROOM = 50;
/**
 * Each function's share of the containers the database can serve. The sign-in storm of a residents' meeting hits
 * auth, /api/me (communities) and the ballot (consultations); requests carries the daily load. The scheduled jobs
 * get exactly one container each (kept out of the shares), which also keeps two runs of a job from overlapping.
 */
const SHARES = { requests: 3, auth: 2, communities: 2, consultations: 2, messages: 1, stats: 1, open311: 1, uploads: 1, wechatPush: 1, notFound: 1, system: 1, volunteers: 1, activities: 1, mall: 1, patrols: 1, mobileGrid: 1, households: 1, visits: 1, mediation: 1, units: 1 };
const JOBS = ['consultationJobs', 'deadlines', 'repair', 'retention'];

/**
 * Reserved concurrency per function such that every container at its full pool stays within the database's limit:
 * sum(reserved) × POOL_SIZE + HEADROOM ≤ MONGODB_MAX_CONNECTIONS (default 500, e.g. Amazon DocumentDB on
 * db.t3.medium; MongoDB Atlas M10 allows 1,500). Past the reserve a function is throttled (API Gateway answers 503,
 * the mini-program retries) instead of opening connections the database refuses.
 */
function capacity(env = process.env) {
  const maxConnections = Number(env.MONGODB_MAX_CONNECTIONS || 500);
  if (!Number.isInteger(maxConnections) || maxConnections <= 0) throw new Error(`MONGODB_MAX_CONNECTIONS must be a positive integer, not ${env.MONGODB_MAX_CONNECTIONS}`);
  const containers = Math.floor((maxConnections - HEADROOM) / POOL_SIZE);
  const forApi = containers - JOBS.length;
  const totalShares = Object.values(SHARES).reduce((a, b) => a + b, 0);
  const unit = Math.floor(forApi / totalShares);
  if (unit < 1) throw new Error(`MONGODB_MAX_CONNECTIONS=${maxConnections} is too few: every function needs at least ${POOL_SIZE} connections (${(totalShares + JOBS.length) * POOL_SIZE + HEADROOM} in all)`);
  const reserved = Object.fromEntries([...Object.entries(SHARES).map(([name, share]) => [name, share * unit]), ...JOBS.map((name) => [name, 1])]);
  const total = Object.values(reserved).reduce((a, b) => a + b, 0);
  return { poolSize: POOL_SIZE, headroom: HEADROOM, maxConnections, reserved, totalReserved: total, connectionsAtFullLoad: total * POOL_SIZE + HEADROOM };
}

/** Comma-separated ids from the environment. */
const ids = (v) => (v || '').split(',').map((s) => s.trim()).filter(Boolean);

/**
 * The VPC the functions join, when LINLI_VPC_SUBNET_IDS and LINLI_VPC_SECURITY_GROUP_IDS are set (the database in
 * the same region's VPC); otherwise none. In a VPC the functions reach WeChat's API only through a NAT gateway, and
 * SSM and S3 through VPC endpoints or the NAT (README, Deploy).
 */
function vpc(env = process.env) {
  const subnetIds = ids(env.LINLI_VPC_SUBNET_IDS);
  const securityGroupIds = ids(env.LINLI_VPC_SECURITY_GROUP_IDS);
  if (!subnetIds.length && !securityGroupIds.length) return null;
  if (!subnetIds.length || !securityGroupIds.length) throw new Error('Set both LINLI_VPC_SUBNET_IDS and LINLI_VPC_SECURITY_GROUP_IDS (comma-separated), or neither');
  return { subnetIds, securityGroupIds };
}

module.exports = { capacity, vpc, POOL_SIZE, SHARES, JOBS };
// serverless.yml reads these as `${file(./scripts/deploy-config.cjs):reserved.requests}` and so on.
module.exports.reserved = () => capacity().reserved;
module.exports.poolSize = () => POOL_SIZE;
module.exports.vpcConfig = () => vpc();
