import { createRoot } from 'react-dom/client';
import { WizardApp } from './WizardApp';

createRoot(document.getElementById('root')!).render(<WizardApp />);
