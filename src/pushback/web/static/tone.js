// pushback: one short tone through Web Audio, for the metronomes of the guided
// workout (workout.js) and the live coach (live.js). Loaded before them.
(function () {
  "use strict";

  var audio = null;
  // Plays `frequency` Hz for `ms` milliseconds at `volume` (0-1); false when the
  // device has no audio (the visual metronome still runs).
  window.pushbackTone = function (frequency, ms, volume) {
    try {
      var Context = window.AudioContext || window.webkitAudioContext;
      if (!Context) return false;
      if (!audio) audio = new Context();
      if (audio.state === "suspended") audio.resume();
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      var now = audio.currentTime;
      osc.frequency.value = frequency;
      gain.gain.setValueAtTime(volume, now);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + ms / 1000);
      osc.connect(gain);
      gain.connect(audio.destination);
      osc.start(now);
      osc.stop(now + ms / 1000);
      return true;
    } catch (error) {
      return false;
    }
  };
}());
