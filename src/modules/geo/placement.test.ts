import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { placeCase } from './placement.js';

const fields = { regionCode: 'address_id', location: 'lat', jurisdiction: '甘肃省' };

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error.errors?.[0]?.field;
    throw error;
  }
  return undefined;
}

describe('placeCase', () => {
  it('takes a region code as given (padded), coarse above village level', () => {
    expect(placeCase('62', { regionCode: '620102001001' }, fields)).toEqual({ regionCode: '620102001001', isCoarse: false });
    expect(placeCase('62', { regionCode: '620102001' }, fields)).toEqual({ regionCode: '620102001000', isCoarse: true });
    expect(placeCase('62', { regionCode: '620102' }, fields)).toEqual({ regionCode: '620102000000', isCoarse: true });
  });

  it('lets the region code win over a location, keeping the location', () => {
    const placed = placeCase('62', { regionCode: '620982', location: { lat: 36.06, lng: 103.83 } }, fields);
    expect(placed).toEqual({ regionCode: '620982000000', isCoarse: true, location: { lat: 36.06, lng: 103.83 } });
  });

  it('locates a coordinate in its county, converting GCJ-02 first', () => {
    expect(placeCase('62', { location: { lat: 40.14, lng: 94.66 } }, fields)).toMatchObject({ regionCode: '620982000000', isCoarse: true });
    const gcj = placeCase('62', { location: { lat: 36.06, lng: 103.83, datum: 'gcj02' } }, fields);
    expect(gcj.regionCode).toBe('620102000000');
    expect(gcj.location?.lng).not.toBe(103.83);
  });

  it('names the field at fault', () => {
    expect(fieldOf(() => placeCase('62', { location: { lat: 39.9, lng: 116.4 } }, fields))).toBe('lat'); // Beijing
    expect(fieldOf(() => placeCase('62', {}, fields))).toBe('lat');
    expect(fieldOf(() => placeCase('62', { regionCode: '6201' }, fields))).toBe('address_id'); // a city: too coarse
    expect(fieldOf(() => placeCase('62', { regionCode: '110101' }, fields))).toBe('address_id'); // another province
    expect(fieldOf(() => placeCase('62', { regionCode: '62010' }, fields))).toBe('address_id');
    expect(fieldOf(() => placeCase('11', { location: { lat: 39.9, lng: 116.4 } }, fields))).toBe('lat'); // no outlines ship
  });
});
