// Coordinates are stored in WGS-84, the system of GPS, of the browser's geolocation and of Open311 (GeoReport v2
// says lat/long are WGS-84; 12345 platforms post them that way). WeChat's map (`chooseLocation`, `openLocation`)
// speaks GCJ-02, the shifted system every map in mainland China must use: 100–700 m off WGS-84 there. Without
// converting, a place marked on the phone would land a few streets away on a 12345 platform's map and a place
// marked in the browser would open in the wrong spot on WeChat's map. Outside mainland China both are the same.

/** A point in degrees. */
export interface LatLng {
  lat: number;
  lng: number;
}

const A = 6378245.0; // the Krasovsky ellipsoid's semi-major axis, as GCJ-02 uses it
const EE = 0.00669342162296594323; // its eccentricity squared

/** Outside mainland China's rough box GCJ-02 is WGS-84 itself (the published algorithm's own test). */
const outsideChina = ({ lat, lng }: LatLng) => lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271;

function transformLat(x: number, y: number): number {
  let r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  return r;
}

function transformLng(x: number, y: number): number {
  let r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  return r;
}

/** A WGS-84 point as WeChat's map wants it (GCJ-02). */
export function wgs84ToGcj02(p: LatLng): LatLng {
  if (outsideChina(p)) return { ...p };
  const radLat = (p.lat / 180.0) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  const dLat = (transformLat(p.lng - 105.0, p.lat - 35.0) * 180.0) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  const dLng = (transformLng(p.lng - 105.0, p.lat - 35.0) * 180.0) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return { lat: p.lat + dLat, lng: p.lng + dLng };
}

/**
 * A point from WeChat's map (GCJ-02) in WGS-84. GCJ-02 has no closed inverse: a few fixed-point steps bring the
 * error under a centimetre, far below what a phone measures.
 */
export function gcj02ToWgs84(p: LatLng): LatLng {
  if (outsideChina(p)) return { ...p };
  let guess = { ...p };
  for (let i = 0; i < 5; i++) {
    const shifted = wgs84ToGcj02(guess);
    guess = { lat: guess.lat + (p.lat - shifted.lat), lng: guess.lng + (p.lng - shifted.lng) };
  }
  return guess;
}

/** Distance in metres between two points (haversine; plenty for "is this the same place"). */
export function distanceMetres(a: LatLng, b: LatLng): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(h));
}
