import { describe, expect, it } from 'vitest';
import { MqttConnectorOptionsSchema } from '../../main/core/mes/mqtt/options.ts';
import { level, UnsTopics } from '../../main/core/mes/mqtt/topics.ts';
import { completionMessage, downtimeMessage } from '../support/mes-b2mml-support.ts';

describe('MQTT connector options and topics', () => {
  it('places events, state, status and orders under the line in the Unified Namespace', () => {
    const topics = new UnsTopics(MqttConnectorOptionsSchema.parse({ url: 'mqtt://127.0.0.1:1883', topicRoot: 'acme/dortmund/packaging/line1' }));
    expect(topics.event(completionMessage('uns', 'c-1'))).toBe('acme/dortmund/packaging/line1/lineside/completions/1000123');
    expect(topics.event(downtimeMessage('uns', 'd-1', { equipment: 'Line1/Filler' }))).toBe('acme/dortmund/packaging/line1/lineside/downtime/Line1_Filler');
    expect(topics.downtimeState('Filler#2')).toBe('acme/dortmund/packaging/line1/lineside/state/downtime/Filler_2');
    expect(topics.status).toBe('acme/dortmund/packaging/line1/lineside/status');
    expect(topics.orders).toBe('acme/dortmund/packaging/line1/mes/orders/+');
    expect(new UnsTopics({ topicRoot: 'a/b', ordersTopic: 'erp/orders/line1' }).orders).toBe('erp/orders/line1');
    expect(level('a/b+c#')).toBe('a_b_c_');
  });

  it('refuses bad settings, naming the field', () => {
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ url: 'http://broker', topicRoot: 'a/b' }, 'url', /mqtt:\/\//],
      [{ url: 'mqtt://broker', topicRoot: 'a/+/b' }, 'topicRoot', /without \+, #/],
      [{ url: 'mqtt://broker', topicRoot: 'a//b' }, 'topicRoot', /empty levels/],
      [{ url: 'mqtt://broker', topicRoot: 'a', ordersTopic: 'orders/#' }, 'ordersTopic', /no #/],
      [{ url: 'mqtt://broker', topicRoot: 'a', timeoutMs: 10 }, 'timeoutMs', /100/],
      [{ url: 'mqtt://broker', topicRoot: 'a', qos: 2 }, '', /qos/],
    ];
    for (const [input, field, message] of cases) {
      const result = MqttConnectorOptionsSchema.safeParse(input);
      expect(result.success).toBe(false);
      if (result.success) continue;
      const issue = result.error.issues[0]!;
      expect(issue.path.join('.')).toBe(field);
      expect(`${issue.message} ${JSON.stringify(issue)}`).toMatch(message);
    }
  });
});
