// The messages panel's webview script as shipped (dist/ui/events.js, built by the test:unit script) run against a
// small document that keeps elements and text apart: a message's body, headers and records, whatever they hold, go
// in as text, never as markup. The document refuses markup (innerHTML, outerHTML, insertAdjacentHTML) outright, so
// a script that used it fails here rather than render an attacker's <img onerror>.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { asEventMessage, type PanelState, type ToWebview } from '../../src/events/panelModel';

const script = path.resolve(__dirname, '..', '..', '..', 'dist', 'ui', 'events.js');

class FakeText {
  constructor(readonly data: string) {}
  get textContent(): string {
    return this.data;
  }
}

class FakeElement {
  readonly children: (FakeElement | FakeText)[] = [];
  readonly attributes = new Map<string, string>();
  parent: FakeElement | undefined;
  constructor(readonly tagName: string) {}

  setAttribute(name: string, value: string): void {
    this.attributes.set(name, String(value));
  }
  removeAttribute(name: string): void {
    this.attributes.delete(name);
  }
  addEventListener(): void {}
  append(...nodes: (FakeElement | FakeText | string)[]): void {
    for (const node of nodes) {
      const child = typeof node === 'string' ? new FakeText(node) : node;
      if (child instanceof FakeElement) {
        child.parent?.detach(child);
        child.parent = this;
      }
      this.children.push(child);
    }
  }
  prepend(...nodes: (FakeElement | FakeText | string)[]): void {
    const rest = this.children.splice(0);
    this.append(...nodes);
    this.children.push(...rest);
  }
  replaceChildren(...nodes: (FakeElement | FakeText | string)[]): void {
    this.children.splice(0);
    this.append(...nodes);
  }
  remove(): void {
    this.parent?.detach(this);
  }
  detach(child: FakeElement): void {
    const at = this.children.indexOf(child);
    if (at >= 0) this.children.splice(at, 1);
    child.parent = undefined;
  }
  get firstElementChild(): FakeElement | undefined {
    return this.children.find((c): c is FakeElement => c instanceof FakeElement);
  }
  get textContent(): string {
    return this.children.map((c) => c.textContent).join('');
  }
  set textContent(value: string) {
    this.replaceChildren(String(value));
  }
  querySelector(selector: string): FakeElement | null {
    assert.ok(selector.startsWith('#'), `the fake document finds by id only, not ${selector}`);
    return this.all().find((e) => e.attributes.get('id') === selector.slice(1)) ?? null;
  }
  all(): FakeElement[] {
    return this.children.filter((c): c is FakeElement => c instanceof FakeElement).flatMap((c) => [c, ...c.all()]);
  }
  set innerHTML(_: string) {
    throw new Error('markup written into the panel (innerHTML)');
  }
  set outerHTML(_: string) {
    throw new Error('markup written into the panel (outerHTML)');
  }
  insertAdjacentHTML(): void {
    throw new Error('markup written into the panel (insertAdjacentHTML)');
  }
}

/** The webview script running in a fresh context; answers its document and how to send it a message. */
function panel(): { body: FakeElement; send(message: ToWebview): void; posted: unknown[] } {
  const body = new FakeElement('body');
  const head = new FakeElement('head');
  const listeners: ((event: { data: ToWebview }) => void)[] = [];
  const posted: unknown[] = [];
  const context = vm.createContext({
    document: { head, body, createElement: (tag: string) => new FakeElement(tag) },
    window: { addEventListener: (type: string, listener: (event: { data: ToWebview }) => void) => type === 'message' && listeners.push(listener) },
    acquireVsCodeApi: () => ({ postMessage: (m: unknown) => posted.push(m) }),
  });
  vm.runInContext(fs.readFileSync(script, 'utf8'), context, { filename: script });
  return { body, posted, send: (message) => listeners.forEach((l) => l({ data: message })) };
}

const attack = '<img src=x onerror=alert(1)>';

const hostileMessage = (number: number) =>
  asEventMessage({
    number,
    exchange: '<b>x</b>',
    routingKey: '<script>alert(2)</script>',
    redelivered: false,
    properties: { contentType: 'application/json', messageId: '<svg onload=alert(3)>' },
    headers: { '<i>h</i>': attack, nested: { html: attack } },
    bodyBytes: attack.length,
    body: attack,
    dataPath: 'shipments',
    records: [{ name: attack }],
    recordsProblem: null,
    schemaChecked: true,
    invalidRecords: [`record 1: ${attack}`],
  })!;

function state(messages = [hostileMessage(1)]): PanelState {
  return { title: 'Messages: dispatch', listenerId: 'dispatch', status: 'listening', settleWords: 'held', messages, dropped: 0 };
}

test('the webview script shows a body <img src=x onerror=alert(1)> as text, and every other part of the message too', () => {
  const { body, send, posted } = panel();
  assert.deepEqual(JSON.parse(JSON.stringify(posted)), [{ type: 'ready' }]); // from the script's own realm
  send({ type: 'state', state: state() });
  send({ type: 'message', message: hostileMessage(2) });

  const elements = body.all();
  // No element came from the message: only the panel's own tags.
  assert.deepEqual(elements.filter((e) => ['img', 'script', 'svg', 'b', 'i'].includes(e.tagName)), []);
  const messages = elements.filter((e) => e.attributes.get('class') === 'message');
  assert.equal(messages.length, 2);
  for (const message of messages) {
    const pre = message.all().find((e) => e.tagName === 'pre');
    assert.ok(pre, 'the body is shown');
    // The body is one text node holding the characters as they came.
    assert.equal(pre.children.length, 1);
    assert.ok(pre.children[0] instanceof FakeText);
    assert.equal(pre.textContent, attack);
    const texts = message.all().flatMap((e) => e.children.filter((c): c is FakeText => c instanceof FakeText).map((c) => c.data));
    assert.ok(texts.includes('<script>alert(2)</script>'), 'the routing key, as text');
    assert.ok(texts.includes('<svg onload=alert(3)>'), 'the message id, as text');
    assert.ok(texts.includes('<i>h</i>'), 'the header name, as text');
    assert.ok(texts.includes(JSON.stringify({ html: attack })), 'the nested header, as text');
    assert.ok(texts.includes(`record 1: ${attack}`), 'the problem, as text');
    // The body, the header's value and the record's field.
    assert.equal(texts.filter((t) => t === attack).length, 3);
  }
});
