/** Entry of the public page (client/offentlig.html): its own small bundle, not the signed-in app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './public.css';
import { PublicApp } from './PublicApp.tsx';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <PublicApp />
    </StrictMode>,
  );
}
