import { createRoot } from 'react-dom/client';
import { PreviewApp } from './PreviewApp';
import { WizardApp } from './WizardApp';

const root = document.getElementById('root')!;
createRoot(root).render(root.dataset.mode === 'preview' ? <PreviewApp /> : <WizardApp />);
