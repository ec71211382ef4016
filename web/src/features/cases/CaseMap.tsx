// Where the case is: its county's outline (shipped in data/maps, no online tiles: the platform
// works offline) with a marker at the case's coordinates, and the coordinates and address in text.
// Loaded lazily: the outlines are a chunk of their own.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

type Ring = Array<[number, number]>;
interface CountyFeature {
  properties: { code: string; name: string; cityName: string };
  geometry: { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };
}

let countiesPromise: Promise<CountyFeature[]> | undefined;
function loadCounties(): Promise<CountyFeature[]> {
  countiesPromise ??= import('../../../../data/maps/62-counties.geojson?raw').then((m) => (JSON.parse(m.default) as { features: CountyFeature[] }).features);
  return countiesPromise;
}

function polygonsOf(f: CountyFeature): Ring[][] {
  return f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
}

const WIDTH = 320;
const PAD = 12;

export default function CaseMap({ regionCode, location, address }: { regionCode: string; location: { lat: number; lng: number } | null; address: string | null }) {
  const { t } = useTranslation();
  const [county, setCounty] = useState<CountyFeature | null | undefined>(undefined);
  const countyCode = `${regionCode.slice(0, 6)}000000`;

  useEffect(() => {
    let live = true;
    loadCounties().then(
      (features) => live && setCounty(features.find((f) => f.properties.code === countyCode) ?? null),
      () => live && setCounty(null),
    );
    return () => {
      live = false;
    };
  }, [countyCode]);

  const text = (
    <div style={{ fontSize: 13, color: '#475569' }}>
      {location ? (
        <div data-testid="case-coordinates">{t('cases.coordinates', { lat: location.lat.toFixed(5), lng: location.lng.toFixed(5) })}</div>
      ) : (
        <div>{t('cases.noCoordinates')}</div>
      )}
      {address && <div>{address}</div>}
    </div>
  );
  if (!county) return text;

  const points = polygonsOf(county).flat(2);
  if (location) points.push([location.lng, location.lat]);
  const lngs = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  const [minLng, maxLng, minLat, maxLat] = [Math.min(...lngs), Math.max(...lngs), Math.min(...lats), Math.max(...lats)];
  // Equirectangular with the county's mean latitude: true enough at county scale.
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = Math.max((maxLng - minLng) * k, 1e-6);
  const spanY = Math.max(maxLat - minLat, 1e-6);
  const scale = (WIDTH - 2 * PAD) / spanX;
  const height = Math.round(spanY * scale + 2 * PAD);
  const x = (lng: number) => PAD + (lng - minLng) * k * scale;
  const y = (lat: number) => PAD + (maxLat - lat) * scale;
  const d = polygonsOf(county)
    .flatMap((polygon) => polygon.map((ring) => `M${ring.map(([lng, lat]) => `${x(lng).toFixed(1)},${y(lat).toFixed(1)}`).join('L')}Z`))
    .join('');

  return (
    <div>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-label={t('cases.mapLabel', { county: county.properties.name })} style={{ maxHeight: 280, display: 'block' }}>
        <path d={d} fill="#e8eefc" stroke="#1d4ed8" strokeWidth={1.2} fillRule="evenodd" />
        <text x={PAD} y={PAD + 4} fontSize={12} fill="#334155">
          {county.properties.cityName} · {county.properties.name}
        </text>
        {location && (
          <g transform={`translate(${x(location.lng).toFixed(1)},${y(location.lat).toFixed(1)})`} data-testid="case-marker">
            <circle r={9} fill="rgba(220,38,38,0.2)" />
            <circle r={4.5} fill="#dc2626" stroke="#fff" strokeWidth={1.5} />
          </g>
        )}
      </svg>
      {text}
    </div>
  );
}
