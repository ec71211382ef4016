// GCJ-02 ("Mars coordinates"), the datum every Chinese map service (AMap, Tencent, the map SDKs in
// WeChat; Baidu adds its own BD-09 on top) is required to use: WGS84 shifted by a published-by-
// reverse-engineering formula, a few hundred metres in Gansu. A position taken from such a map is
// GCJ-02; a phone's raw GPS is WGS84. Pingan stores WGS84; callers say which one they send.

const A = 6378245.0;
const EE = 0.00669342162296594323;

export interface LatLng {
  lat: number;
  lng: number;
}

/** Outside mainland China the formula is not applied: GCJ-02 equals WGS84 there. */
export function isOutsideChina({ lat, lng }: LatLng): boolean {
  return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function offset(lat: number, lng: number): LatLng {
  const x = lng - 105.0;
  const y = lat - 35.0;
  let dLat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  dLat += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  dLat += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  dLat += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  let dLng = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  dLng += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  dLng += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  dLng += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  const radLat = (lat / 180.0) * Math.PI;
  const magic = 1 - EE * Math.sin(radLat) ** 2;
  const sqrtMagic = Math.sqrt(magic);
  return {
    lat: (dLat * 180.0) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI),
    lng: (dLng * 180.0) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI),
  };
}

export function wgs84ToGcj02(p: LatLng): LatLng {
  if (isOutsideChina(p)) return { ...p };
  const d = offset(p.lat, p.lng);
  return { lat: p.lat + d.lat, lng: p.lng + d.lng };
}

/** The exact inverse (to < 1e-9°, well under a millimetre), by fixed-point iteration. */
export function gcj02ToWgs84(p: LatLng): LatLng {
  if (isOutsideChina(p)) return { ...p };
  let lat = p.lat;
  let lng = p.lng;
  for (let i = 0; i < 30; i++) {
    const forward = wgs84ToGcj02({ lat, lng });
    const eLat = forward.lat - p.lat;
    const eLng = forward.lng - p.lng;
    lat -= eLat;
    lng -= eLng;
    if (Math.abs(eLat) < 1e-10 && Math.abs(eLng) < 1e-10) break;
  }
  return { lat, lng };
}

export const datums = ['wgs84', 'gcj02'] as const;
export type Datum = (typeof datums)[number];

/** A position in the given datum, as WGS84 (what cases store and the outlines use). */
export function toWgs84(p: LatLng, datum: Datum): LatLng {
  return datum === 'gcj02' ? gcj02ToWgs84(p) : { ...p };
}
