// The New Connector wizard's icon: a "Choose…" button beside the field, and the chosen image's path written
// relative to the folder the connector goes in (where the server looks for it).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectorSteps } from '../../src/wizards/connectorForm';
import { followIcon, iconExtensions, iconPathFor } from '../../src/wizards/iconPath';
import { connectorSchema } from './schemaFieldsFixture';

const schemaFile = JSON.parse(readFileSync(join(__dirname, '../../../..', 'schemas', 'connector.schema.json'), 'utf8')) as { properties: { icon: { pattern: string } } };

test('the icon field, and only it, offers "Choose…"', () => {
  const fields = connectorSteps(connectorSchema()).flatMap((s) => s.fields);
  const browsing = fields.filter((f) => f.browse);
  assert.deepEqual(browsing.map((f) => [f.path, f.kind, f.browse!.label]), [['icon', 'text', 'Choose icon file']]);
});

test('an image chosen beside, below or above the connector\'s folder is named relative to that folder', () => {
  assert.deepEqual(iconPathFor('/ws/acme', '/ws', '/ws/acme/icon.svg'), { value: 'icon.svg' });
  assert.deepEqual(iconPathFor('/ws/acme', '/ws', '/ws/acme/images/logo.PNG'), { value: 'images/logo.PNG' });
  // By path, not by text: a name starting with two dots is inside; a path that climbs out through .. is not.
  assert.deepEqual(iconPathFor('/ws/acme', '/ws', '/ws/acme/..logo.png'), { value: '..logo.png' });
  assert.ok('error' in iconPathFor('/ws/acme', '/ws', '/ws/acme/../../etc/logo.png'));
  assert.ok('error' in iconPathFor('/ws/acme', '/ws', '/wsx/logo.png'));
  assert.deepEqual(iconPathFor('/ws/acme', '/ws', '/ws/samples/woocommerce/icon.svg'), { value: '../samples/woocommerce/icon.svg' });
  assert.deepEqual(iconPathFor('/ws', '/ws/', '/ws/icon.jpeg'), { value: 'icon.jpeg' });
});

test('an image outside the workspace folder, or not an image the schema allows, is refused with a reason', () => {
  const outside = iconPathFor('/ws/acme', '/ws', '/home/me/icon.svg');
  assert.ok('error' in outside && /inside the workspace folder/.test(outside.error));
  // A sibling folder whose name starts like the workspace's is outside it.
  assert.ok('error' in iconPathFor('/ws/acme', '/ws', '/ws-other/icon.svg'));
  const bmp = iconPathFor('/ws/acme', '/ws', '/ws/acme/icon.bmp');
  assert.ok('error' in bmp && /\.jpg, \.gif, \.png or \.svg/.test(bmp.error));
});

test('the dialog offers exactly what the schema\'s icon pattern accepts', () => {
  const pattern = new RegExp(schemaFile.properties.icon.pattern);
  for (const extension of iconExtensions) assert.ok(pattern.test(`icon.${extension}`), extension);
  for (const other of ['bmp', 'webp', 'ico']) assert.ok(!pattern.test(`icon.${other}`), other);
});

test('a chosen icon follows the connector when its folder moves, unless the person has typed over it', () => {
  const choice = { absolute: '/ws/samples/woocommerce/icon.svg', value: '../samples/woocommerce/icon.svg' };
  // The name changed from "Acme" to "Acme Outdoor": acme/ became acme-outdoor/, one level down all the same.
  assert.equal(followIcon(choice, choice.value, '/ws/acme-outdoor'), undefined);
  // Saved as connectors/acme/acme.connector.json: one level deeper.
  assert.equal(followIcon(choice, choice.value, '/ws/connectors/acme'), '../../samples/woocommerce/icon.svg');
  // Saved beside the image.
  assert.equal(followIcon(choice, choice.value, '/ws/samples/woocommerce'), 'icon.svg');
  assert.equal(followIcon(choice, 'my-own.svg', '/ws/connectors/acme'), undefined, 'a typed value is left alone');
  assert.equal(followIcon(undefined, 'icon.svg', '/ws/connectors/acme'), undefined, 'nothing chosen, nothing to follow');
});
