import * as z from 'zod';
import { lineText, multilineText } from '../common/text';
import { RequestCategory } from '../requests/request.schema';

// Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2): the standard 12345 platforms and civic tools speak.
// Field names are the standard's, not ours.

const DateTime = z.string().datetime({ offset: true });

export const Open311ServicesQuery = z.object({ jurisdiction_id: z.string().min(1).max(40).optional() }).strict();

export const Open311RequestsQuery = z
  .object({
    jurisdiction_id: z.string().min(1).max(40).optional(),
    api_key: z.string().max(128).optional(),
    service_request_id: z.string().max(2000).optional(),
    service_code: RequestCategory.optional(),
    start_date: DateTime.optional(),
    end_date: DateTime.optional(),
    status: z.enum(['open', 'closed']).optional(),
  })
  .strict();

export const Open311SingleQuery = z
  .object({ jurisdiction_id: z.string().min(1).max(40).optional(), api_key: z.string().max(128).optional() })
  .strict();

/**
 * POST body (application/x-www-form-urlencoded). Attribute and contact fields are accepted and ignored; the two
 * texts that are stored and shown go through text hygiene (common/text.ts).
 */
export const Open311CreateInput = z
  .object({
    api_key: z.string().min(1).max(128),
    jurisdiction_id: z.string().min(1).max(40).optional(),
    service_code: RequestCategory,
    description: multilineText().min(5).max(1000),
    lat: z.coerce.number().min(-90).max(90).optional(),
    long: z.coerce.number().min(-180).max(180).optional(),
    address_string: lineText().max(200).optional(),
    address_id: z.string().max(100).optional(),
    media_url: z.string().url().max(500).optional(),
    email: z.string().max(200).optional(),
    device_id: z.string().max(200).optional(),
    account_id: z.string().max(200).optional(),
    first_name: z.string().max(50).optional(),
    last_name: z.string().max(50).optional(),
    phone: z.string().max(40).optional(),
  })
  .passthrough(); // attribute[...] fields of the standard

export const Open311Request = z.object({
  service_request_id: z.string(),
  status: z.enum(['open', 'closed']),
  status_notes: z.string().nullable(),
  service_name: z.string(),
  service_code: z.string(),
  description: z.string(),
  agency_responsible: z.string(),
  service_notice: z.string().nullable(),
  requested_datetime: z.string(),
  updated_datetime: z.string(),
  expected_datetime: z.string().nullable(),
  address: z.string().nullable(),
  address_id: z.string().nullable(),
  zipcode: z.string().nullable(),
  lat: z.number().nullable(),
  long: z.number().nullable(),
  media_url: z.string().nullable(),
});
export type Open311Request = z.infer<typeof Open311Request>;
