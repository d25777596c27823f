import { Histogram, Registry } from 'prom-client';
import { RequestLatency } from './request-latency';

describe('the request histogram', () => {
  test("exposes what prom-client's own Histogram exposes for the same observations", async () => {
    const ours = new Registry();
    const latency = new RequestLatency([0.01, 0.1, 1]);
    ours.registerMetric(latency.asMetric());
    const theirs = new Registry();
    const reference = new Histogram({
      name: 'http_request_duration_seconds',
      help: latency.help,
      labelNames: ['method', 'route', 'status'],
      buckets: [0.01, 0.1, 1],
      registers: [theirs],
    });
    const observations: [string, string, number, number][] = [
      ['GET', '/v1/relationships/:a/:b', 200, 0.004],
      ['GET', '/v1/relationships/:a/:b', 200, 0.05],
      ['GET', '/v1/relationships/:a/:b', 200, 3],
      ['GET', '/v1/relationships/:a/:b', 404, 0.01],
      ['POST', '/v1/events', 201, 0.2],
    ];
    for (const [method, route, status, seconds] of observations) {
      latency.observe(method, route, status, seconds);
      reference.labels(method, route, String(status)).observe(seconds);
    }
    const lines = (text: string) => text.split('\n').filter(Boolean).sort();
    expect(lines(await ours.metrics())).toEqual(lines(await theirs.metrics()));
  });
});
