// The wizards: New Connector, Add Endpoint, Add Authentication Method, Add Instance.
import type { Services } from '../services';

export function registerWizards(_services: Services): void {
  // To come.
}
