import { createRoot } from 'react-dom/client';
import { EntityPageApp } from './EntityPageApp';

createRoot(document.getElementById('root')!).render(<EntityPageApp />);
