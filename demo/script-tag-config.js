// The script-tag page's window.LaunchChatConfig: in a file instead of an inline <script>, so the
// page runs under a strict Content-Security-Policy. A classic script before dist/embed.js (a
// module, which waits for the page) runs first, as the inline snippet would.
window.LaunchChatConfig = {
  widgetId: 'demo',
  primaryColor: '#4f46e5',
  position: 'bottom-right',
  theme: 'auto',
};
