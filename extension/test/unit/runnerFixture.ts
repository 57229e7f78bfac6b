// A run as the server answers patchworks/runEndpoint (shape of docs/runner.md, "The saved run"), with a masked
// Basic credential, a token side request and two JSON pages, for the runner's unit tests.
import type { RunFile } from '../../src/server/runModel';

export function sampleRun(): RunFile {
  return {
    formatVersion: 1,
    run: {
      connector: 'WooCommerce',
      endpoint: 'list-products',
      instance: 'WooCommerce - staging',
      authMethod: 'rest-api-keys',
      startedAt: '2026-11-23T14:00:00+00:00',
      durationMs: 1534.2,
      auth: [
        {
          purpose: 'token',
          exchange: {
            request: {
              method: 'POST',
              url: 'https://auth.example.com/oauth/token',
              headers: [{ name: 'Content-Type', value: 'application/x-www-form-urlencoded' }],
              body: 'grant_type=client_credentials&client_id=abc&client_secret=••••••',
            },
            response: {
              status: 200,
              reason: 'OK',
              headers: [],
              json: { access_token: '••••••', expires_in: 3600 },
              sizeBytes: 60,
              contentType: 'application/json',
              timeToHeadersMs: 10,
              elapsedMs: 12,
            },
            retries: [],
          },
        },
      ],
      pages: [
        {
          number: 1,
          exchange: {
            request: {
              method: 'GET',
              url: 'https://staging.acme-outdoor.co.uk/wp-json/wc/v3/products?page=1&per_page=2',
              headers: [
                { name: 'Authorization', value: 'Basic ••••••' },
                { name: 'Accept-Encoding', value: 'gzip, deflate' },
                { name: 'Host', value: 'staging.acme-outdoor.co.uk' },
              ],
            },
            response: {
              status: 200,
              reason: 'OK',
              headers: [{ name: 'X-WP-TotalPages', value: '2' }],
              json: [
                { id: 101, name: 'Tent', price: '99.00', stock_quantity: 3 },
                { id: 102, name: 'Stove', price: '19.50', stock_quantity: null },
              ],
              sizeBytes: 2048,
              contentType: 'application/json; charset=UTF-8',
              timeToHeadersMs: 120.4,
              elapsedMs: 130.9,
            },
            retries: [],
          },
          records: 2,
          nextPage: 'page 2',
        },
        {
          number: 2,
          exchange: {
            request: {
              method: 'GET',
              url: 'https://staging.acme-outdoor.co.uk/wp-json/wc/v3/products?page=2&per_page=2',
              headers: [{ name: 'Authorization', value: 'Basic ••••••' }],
            },
            response: {
              status: 200,
              reason: 'OK',
              headers: [],
              json: [{ id: 103, name: 'Lamp', price: 4.5, colour: 'red' }],
              sizeBytes: 1024,
              contentType: 'application/json',
              timeToHeadersMs: 90,
              elapsedMs: 95,
            },
            retries: [{ status: 429, why: 'rate limited', waitedMs: 1000 }],
          },
          records: 1,
        },
      ],
      records: 3,
      bytes: 3072,
      requests: 3,
      rateLimitWaitMs: 1000,
      retryWaitMs: 1000,
      stop: 'completed',
      outcome: 'completed',
      succeeded: true,
      stopMessage: 'The last page was read (X-WP-TotalPages).',
      warnings: [],
    },
  };
}
