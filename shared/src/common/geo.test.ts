import fc from 'fast-check';
import { distanceMetres, gcj02ToWgs84, wgs84ToGcj02 } from './geo';

describe('common/geo', () => {
  it('shifts a point in mainland China by a few hundred metres, as WeChat’s map does', () => {
    // The reference pair of the open-source eviltransform implementations (Tiananmen, Beijing).
    expect(wgs84ToGcj02({ lat: 39.915, lng: 116.404 })).toEqual({ lat: 39.91640428150164, lng: 116.41024449916938 });
    // People's Square, Shanghai (the position the browser test emulates): about 500 m south-east on WeChat's map.
    const wgs = { lat: 31.2304, lng: 121.4737 };
    const gcj = wgs84ToGcj02(wgs);
    expect(distanceMetres(wgs, gcj)).toBeGreaterThan(100);
    expect(distanceMetres(wgs, gcj)).toBeLessThan(700);
  });

  it('leaves points outside mainland China as they are', () => {
    expect(wgs84ToGcj02({ lat: 48.8566, lng: 2.3522 })).toEqual({ lat: 48.8566, lng: 2.3522 });
    expect(gcj02ToWgs84({ lat: -33.8688, lng: 151.2093 })).toEqual({ lat: -33.8688, lng: 151.2093 });
  });

  it('takes a point from WeChat’s map back to WGS-84 within a centimetre, anywhere in China', () => {
    fc.assert(
      fc.property(fc.double({ min: 18, max: 53, noNaN: true }), fc.double({ min: 74, max: 134, noNaN: true }), (lat, lng) => {
        const wgs = { lat, lng };
        expect(distanceMetres(gcj02ToWgs84(wgs84ToGcj02(wgs)), wgs)).toBeLessThan(0.01);
      }),
      { numRuns: 200 },
    );
  });

  it('measures distance in metres', () => {
    // 0.001° of latitude is about 111 m: the rounding of public coordinates.
    expect(distanceMetres({ lat: 31.23, lng: 121.47 }, { lat: 31.231, lng: 121.47 })).toBeCloseTo(111.2, 0);
  });
});
