// Connector tests: the Test Explorer over the server's patchworks/testCases and patchworks/runTests, and Add Test.
import type { Services } from '../services';
import { registerAddTest } from './addTest';
import { registerTestExplorer } from './testExplorer';

export function registerTesting(services: Services): void {
  registerTestExplorer(services);
  registerAddTest(services);
}
