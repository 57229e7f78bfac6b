// New Connector, Add Endpoint and Add Authentication Method: the generic wizard view.
import { startWizard } from '../wizard-shared/wizardView';

startWizard();
