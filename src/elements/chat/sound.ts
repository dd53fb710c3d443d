// The "an answer arrived" sound. Browsers refuse to play audio before the visitor has interacted
// with the page; that refusal is expected and swallowed, never an error in the host page.

/** Plays `url`, or a short built-in chime (Web Audio: no file to host, nothing a CSP blocks). */
export function playArrivalSound(url?: string): void {
  try {
    if (url) {
      const audio = new Audio(url);
      audio.volume = 0.6;
      void audio.play()?.catch(() => {});
      return;
    }
    const AudioContextClass = globalThis.AudioContext;
    if (!AudioContextClass) return;
    const context = new AudioContextClass();
    const gain = context.createGain();
    gain.connect(context.destination);
    const start = context.currentTime;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.2, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.35);
    for (const [frequency, offset] of [
      [880, 0],
      [1320, 0.12],
    ] as const) {
      const tone = context.createOscillator();
      tone.frequency.value = frequency;
      tone.connect(gain);
      tone.start(start + offset);
      tone.stop(start + 0.35);
    }
    // Free the audio device once the chime is over.
    setTimeout(() => void context.close().catch(() => {}), 500);
  } catch {
    // No audio on this device or in this context: the message is still shown.
  }
}
