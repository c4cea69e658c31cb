import { describe, expect, it } from 'vitest';
import { loadTracingConfig } from './tracing-config.ts';

describe('loadTracingConfig', () => {
  it('is off unless an endpoint is set', () => {
    expect(loadTracingConfig({ OTEL_SERVICE_NAME: 'x' }).tracesUrl).toBeNull();
    expect(loadTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: ' ' }).tracesUrl).toBeNull();
  });

  it('sends to <endpoint>/v1/traces, or the traces endpoint when given', () => {
    expect(loadTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/' })).toMatchObject({
      tracesUrl: 'http://c:4318/v1/traces',
      serviceName: 'parley-relay',
      sampleRatio: 1,
      headers: {},
    });
    expect(
      loadTracingConfig({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://t.example/otlp/traces',
      }).tracesUrl,
    ).toBe('https://t.example/otlp/traces');
  });

  it('reads the sampler and the collector headers', () => {
    const config = loadTracingConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
      OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=a%3Db,team=voice',
    });
    expect(config).toMatchObject({
      sampleRatio: 0.25,
      headers: { 'x-api-key': 'a=b', team: 'voice' },
    });
    expect(loadTracingConfig({ OTEL_TRACES_SAMPLER: 'always_off' }).sampleRatio).toBe(0);
  });

  it('refuses what it cannot honour, without echoing headers', () => {
    expect(() => loadTracingConfig({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(
      /OTEL_EXPORTER_OTLP_PROTOCOL: only http\/json/,
    );
    expect(() => loadTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'c:4318' })).toThrow(/http\(s\)/);
    expect(() => loadTracingConfig({ OTEL_EXPORTER_OTLP_HEADERS: 'secret-key' })).toThrow(
      /^(?!.*secret-key).*key=value pairs/,
    );
    expect(() => loadTracingConfig({ OTEL_TRACES_SAMPLER: 'jaeger_remote' })).toThrow(
      /OTEL_TRACES_SAMPLER/,
    );
  });
});
