// The help centre's popular questions are asked in the inline chat beside them.
const chat = document.getElementById('help-chat');

for (const button of document.querySelectorAll('[data-question]')) {
  button.addEventListener('click', () => {
    chat.send(button.dataset.question).catch((error) => console.warn(error.code, error.message));
  });
}
