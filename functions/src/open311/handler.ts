import { createHash, timingSafeEqual } from 'node:crypto';
import { Types } from 'mongoose';
import type { Context } from 'aws-lambda';
import type { z } from 'zod';
import {
  DEFAULT_COMMUNITY_SETTINGS,
  OPEN_STATUSES,
  Open311CreateInput,
  Open311RequestsQuery,
  Open311ServicesQuery,
  Open311SingleQuery,
  REQUEST_CATEGORIES,
  REQUEST_CATEGORY_LABELS,
  REQUEST_LEVEL_LABELS,
  activeLead,
  type CommunitySettings,
  type Open311Request,
} from '@linli/shared';
import { db } from '../lib/db';
import { log } from '../lib/logger';
import { withSecrets } from '../lib/secrets';
import type { ApiEvent, ApiResult } from '../lib/http';
import { BuildingModel, CommunityModel, GridModel, type CommunityDoc } from '../communities/community.model';
import { audienceOf, coordinatesFor, sees, seesNote } from '../requests/request.visibility';
import { RequestModel, type RequestDoc } from '../requests/request.model';
import { deliverOutbox } from '../requests/notify';
import { holidayCalendars } from '../system/holidays';
import { newRequestDoc } from '../requests/request.factory';
import { countRequestChange } from '../requests/request-stats';
import { SYSTEM_ACTOR } from '../requests/deadlines';
import { SECURITY_HEADERS } from '../lib/http';

/** Open311 answers errors as `[{code, description}]` with the HTTP status in `code`. */
class Open311Error extends Error {
  constructor(readonly status: number, readonly description: string) {
    super(description);
  }
}
/**
 * No CORS header of its own: behind API Gateway the gateway's CORS configuration (the H5 origins) decides, and it
 * ignores what a backend sends, so a header here would only make the local stack differ from production. Open311
 * is read by other platforms' servers.
 */
const reply = (status: number, body: unknown): ApiResult => ({
  statusCode: status,
  headers: { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify(body),
});

function parse<T extends z.ZodTypeAny>(schema: T, input: unknown): z.output<T> {
  const r = schema.safeParse(input);
  if (!r.success) throw new Open311Error(400, r.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; '));
  return r.data;
}

const sameKey = (a: string, b: string) => {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
};

async function jurisdiction(id: string | undefined): Promise<CommunityDoc> {
  // jurisdiction_id is the community code; a deployment with one community may omit it.
  const community = id ? await CommunityModel.findOne({ code: id }) : (await CommunityModel.find().limit(2)).length === 1 ? await CommunityModel.findOne() : null;
  if (!community) throw new Open311Error(404, id ? `jurisdiction_id ${id} not found` : 'jurisdiction_id required');
  return community;
}

const isPartner = (community: CommunityDoc, apiKey?: string) => !!apiKey && !!community.open311ApiKey && sameKey(apiKey, community.open311ApiKey);

/**
 * A request in the standard's fields, through the visibility rule (request.visibility.ts): never names, phone
 * numbers or households. Without the key (the public) the place is the building at most — no unit, room or
 * free-text address, coordinates rounded to about 100 m — and only notes staff wrote as public; a 12345 platform
 * with the key gets the address, the coordinates and the notes written to the filer as well.
 */
function toOpen311(r: RequestDoc, community: CommunityDoc, places: Places, partner: boolean): Open311Request {
  const audience = audienceOf({ kind: 'open311', partner }, r);
  const note = [...r.timeline]
    .reverse()
    .find((e) => ['reply', 'resolve', 'reject', 'accept'].includes(e.type) && e.actorRole !== 'resident' && !e.hidden && e.note && seesNote(audience, e));
  // 谁在办: the unit holding it (吹哨报到: its lead unit at work), else the grid or level; never a person's name.
  const lead = OPEN_STATUSES.includes(r.status) ? activeLead(r.dispatches ?? []) : undefined;
  const agency = lead
    ? lead.unitName
    : r.level === 'grid' && r.gridId
      ? `${community.name} ${places.grids.get(String(r.gridId)) ?? REQUEST_LEVEL_LABELS.grid}`
      : `${community.name}（${REQUEST_LEVEL_LABELS[r.level]}）`;
  const exact = sees(audience, 'address');
  const building = r.buildingId ? places.buildings.get(String(r.buildingId)) : undefined;
  // The standard has one free-text place: the spot typed and the place marked on the map, for the key's holder.
  const written = [r.place, r.address].filter(Boolean).join(' ');
  const point = coordinatesFor(audience, r);
  return {
    service_request_id: String(r._id),
    status: OPEN_STATUSES.includes(r.status) ? 'open' : 'closed',
    status_notes: note?.note ?? null,
    service_name: REQUEST_CATEGORY_LABELS[r.category],
    service_code: r.category,
    description: sees(audience, 'text') ? r.description || (r.voiceKey ? '（居民以语音反映，内容请在社区系统中收听）' : '') : '',
    agency_responsible: agency,
    service_notice: null,
    requested_datetime: r.createdAt.toISOString(),
    updated_datetime: r.updatedAt.toISOString(),
    expected_datetime: OPEN_STATUSES.includes(r.status) ? r.resolveBy.toISOString() : null,
    address: exact && written ? written : building ? `${community.name} ${building}` : null,
    address_id: null,
    zipcode: null,
    lat: point?.lat ?? null,
    long: point?.lng ?? null,
    media_url: null,
  };
}

interface Places {
  grids: Map<string, string>;
  buildings: Map<string, string>;
}

async function placesOf(community: CommunityDoc): Promise<Places> {
  const [grids, buildings] = await Promise.all([
    GridModel.find({ communityId: community._id }, { name: 1 }).lean(),
    BuildingModel.find({ communityId: community._id }, { name: 1 }).lean(),
  ]);
  return { grids: new Map(grids.map((g) => [String(g._id), g.name])), buildings: new Map(buildings.map((b) => [String(b._id), b.name])) };
}

const SPEC_DEFAULT_DAYS = 90;
const MAX_RESULTS = 1000;

async function services(query: Record<string, string>) {
  const q = parse(Open311ServicesQuery, query);
  if (q.jurisdiction_id) await jurisdiction(q.jurisdiction_id);
  return REQUEST_CATEGORIES.map((code) => ({
    service_code: code,
    service_name: REQUEST_CATEGORY_LABELS[code],
    description: `社区${REQUEST_CATEGORY_LABELS[code]}类诉求`,
    metadata: false,
    type: 'realtime',
    keywords: REQUEST_CATEGORY_LABELS[code],
    group: '急难愁盼',
  }));
}

async function listRequests(query: Record<string, string>) {
  const q = parse(Open311RequestsQuery, query);
  const community = await jurisdiction(q.jurisdiction_id);
  const filter: Record<string, unknown> = { communityId: community._id };
  // Without the community's key only what staff made public; with it (a 12345 platform) everything.
  const partner = isPartner(community, q.api_key);
  if (!partner) Object.assign(filter, { public: true, contentStatus: 'pass' });
  if (q.service_request_id) {
    const ids = q.service_request_id.split(',').map((s) => s.trim());
    if (ids.some((id) => !/^[0-9a-f]{24}$/.test(id))) throw new Open311Error(400, 'service_request_id: invalid id');
    filter._id = { $in: ids.map((id) => new Types.ObjectId(id)) };
  } else {
    // The standard: without dates, the last 90 days.
    const end = q.end_date ? new Date(q.end_date) : new Date();
    const start = q.start_date ? new Date(q.start_date) : new Date(end.getTime() - SPEC_DEFAULT_DAYS * 86_400_000);
    filter.createdAt = { $gte: start, $lte: end };
    if (q.service_code) filter.category = q.service_code;
    if (q.status) filter.status = q.status === 'open' ? { $in: [...OPEN_STATUSES] } : { $nin: [...OPEN_STATUSES] };
  }
  const docs = await RequestModel.find(filter).sort({ createdAt: -1 }).limit(MAX_RESULTS).select({ outbox: 0, followers: 0 });
  const places = await placesOf(community);
  return docs.map((d) => toOpen311(d, community, places, partner));
}

async function oneRequest(id: string, query: Record<string, string>) {
  const q = parse(Open311SingleQuery, query);
  const community = await jurisdiction(q.jurisdiction_id);
  if (!/^[0-9a-f]{24}$/.test(id)) throw new Open311Error(404, 'service_request_id not found');
  const filter: Record<string, unknown> = { _id: new Types.ObjectId(id), communityId: community._id };
  const partner = isPartner(community, q.api_key);
  if (!partner) Object.assign(filter, { public: true, contentStatus: 'pass' });
  const doc = await RequestModel.findOne(filter);
  if (!doc) throw new Open311Error(404, 'service_request_id not found');
  return [toOpen311(doc, community, await placesOf(community), partner)];
}

async function createRequest(body: Record<string, string>) {
  const input = parse(Open311CreateInput, body);
  const community = await jurisdiction(input.jurisdiction_id);
  if (!isPartner(community, input.api_key)) throw new Open311Error(403, 'api_key invalid for this jurisdiction');
  const now = new Date();
  const settings: CommunitySettings = { ...DEFAULT_COMMUNITY_SETTINGS, ...community.settings };
  // No building: it goes to the community's staff queue (no grid), with the address and coordinates kept.
  const doc = await RequestModel.create(
    newRequestDoc(
      {
        communityId: community._id,
        category: input.service_code,
        description: input.description,
        address: input.address_string,
        lat: input.lat,
        lng: input.long,
        filerName: '12345平台',
        filedBy: SYSTEM_ACTOR,
        filedAs: 'system',
        level: 'community',
        deadlineSettings: settings.requestDeadlines,
        // 12345 sends no type: 求助, with the community's working-day deadlines.
        typeDeadlines: settings.requestTypeDeadlines,
        calendars: await holidayCalendars(now),
        note: '经 Open311 接口由12345平台转入',
        announce: '12345平台转来新的诉求',
      },
      now,
    ),
  );
  await Promise.all([deliverOutbox(doc), countRequestChange(doc)]);
  return [{ service_request_id: String(doc._id), service_notice: '已转社区办理', account_id: null }];
}

function formBody(event: ApiEvent): Record<string, string> {
  const raw = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : '';
  if (raw.length > 64 * 1024) throw new Open311Error(413, 'request too large');
  const type = String(event.headers?.['content-type'] ?? '');
  if (type.includes('application/json')) {
    try {
      const parsed = JSON.parse(raw);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed;
    } catch {
      /* falls through to the error below */
    }
    throw new Open311Error(400, 'malformed JSON body');
  }
  return Object.fromEntries(new URLSearchParams(raw));
}

/** The Open311 GeoReport v2 endpoints under /open311/v2 (JSON format). */
export const handler = withSecrets(async (event: ApiEvent, context: Context): Promise<ApiResult> => {
  const started = Date.now();
  const method = event.requestContext?.http?.method ?? 'GET';
  const path = event.rawPath ?? '';
  const query = (event.queryStringParameters ?? {}) as Record<string, string>;
  let result: ApiResult;
  try {
    await db();
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/open311/v2/services.json') result = reply(200, await services(query));
    else if (method === 'GET' && path === '/open311/v2/requests.json') result = reply(200, await listRequests(query));
    else if (method === 'POST' && path === '/open311/v2/requests.json') result = reply(201, await createRequest(formBody(event)));
    else if (method === 'GET' && (m = /^\/open311\/v2\/requests\/([^/]+)\.json$/.exec(path))) result = reply(200, await oneRequest(m[1]!, query));
    else throw new Open311Error(404, 'not found');
  } catch (err) {
    if (err instanceof Open311Error) result = reply(err.status, [{ code: err.status, description: err.description }]);
    else {
      log('error', 'open311 error', { error: String((err as Error)?.message) });
      result = reply(500, [{ code: 500, description: 'internal error' }]);
    }
  }
  log('info', 'request', { requestId: context?.awsRequestId, route: `${method} ${path}`, status: result.statusCode, durationMs: Date.now() - started });
  return result;
});
