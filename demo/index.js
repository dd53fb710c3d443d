// The landing page's buttons drive the chat through the element's public methods.
const chat = document.getElementById('chat');

document.getElementById('ask').addEventListener('click', () => chat.show());

// A suggested question: open the panel and ask it, as if the visitor had typed it.
for (const button of document.querySelectorAll('[data-question]')) {
  button.addEventListener('click', () => {
    chat.show();
    chat.send(button.dataset.question).catch((error) => console.warn(error.code, error.message));
  });
}
