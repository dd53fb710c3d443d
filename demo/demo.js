// The page's own button opens the chat: the element's public show() method.
document.getElementById('ask').addEventListener('click', () => document.getElementById('chat').show());
