import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/app';
import './styles/theme.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/list.css';
import './styles/details.css';
import './styles/dialogs.css';
import './styles/notices.css';
import './styles/custom-editor.css';
import './styles/accounts-extra.css';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
