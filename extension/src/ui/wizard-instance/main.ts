// Add Instance: the generic wizard view (the host's spec carries the connector's methods and credentials).
import { startWizard } from '../wizard-shared/wizardView';

startWizard();
