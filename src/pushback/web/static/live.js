// pushback live coach: the camera stays in this page. The pose model
// (@mediapipe/pose, served by pushback from /static/vendor/) turns each frame into
// 33 body points; only those points go to the server over a WebSocket (/live/ws),
// which counts and times the reps with the same analysis as an uploaded video and
// answers with events: the count, each descent against the target, form cues and
// "stop here". A frame is dropped, never queued, while the socket is still busy.
// The set's id is kept in sessionStorage, so a reload continues the same set.
(function () {
  "use strict";

  var root = document.getElementById("live");
  if (!root) return;
  var csrf = root.dataset.csrf;
  var user = root.dataset.user;
  var countEl = root.querySelector("[data-live-count]");
  var statusEl = root.querySelector("[data-live-status]");
  var descentEl = document.getElementById("live-descent");
  var cueEl = document.getElementById("live-cue");
  var startBtn = document.getElementById("live-start");
  var endBtn = document.getElementById("live-end");
  var video = document.getElementById("live-video");
  var exerciseSelect = document.getElementById("live-exercise");
  var offlineEl = document.getElementById("live-offline");
  var logForm = document.getElementById("live-log");
  var SET_KEY = "pushback.live.set." + user;
  var MAX_BUFFERED = 32768; // bytes waiting in the socket: above this, drop frames

  var api = (window.pushbackLive = { sent: 0, dropped: 0, spoken: [], events: [], state: "idle" });
  var ws = null;
  var pose = null;
  var stream = null;
  var running = false;
  var busy = false;
  var count = 0;
  var reps = [];
  var ended = false;

  function status(text) {
    statusEl.textContent = text;
  }
  function setCount(n) {
    count = n;
    countEl.textContent = String(n);
  }
  function newId() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    return String(Date.now()) + String(Math.random()).slice(2, 10);
  }
  function load(key) {
    try { return JSON.parse(window.sessionStorage.getItem(key) || "null"); } catch (e) { return null; }
  }
  function currentSet() {
    var set = load(SET_KEY);
    if (!set || set.saved) {
      set = { id: newId(), exercise: exerciseSelect.value, saved: false };
      window.sessionStorage.setItem(SET_KEY, JSON.stringify(set));
    }
    return set;
  }

  // ------------------------------------------------------------ speech, sound
  var muted = false;
  try { muted = JSON.parse(window.localStorage.getItem("pushback.muted") || "false"); } catch (e) { muted = false; }
  var muteBtn = document.getElementById("live-mute");
  function showMute() {
    muteBtn.textContent = muted ? t("Sound off") : t("Sound on");
    muteBtn.setAttribute("aria-pressed", String(muted));
  }
  muteBtn.addEventListener("click", function () {
    muted = !muted;
    window.localStorage.setItem("pushback.muted", JSON.stringify(muted));
    if (muted && "speechSynthesis" in window) window.speechSynthesis.cancel();
    showMute();
  });
  showMute();
  // One short phrase at a time: a new one replaces the one still speaking.
  function say(text) {
    api.spoken.push(text);
    if (muted || !("speechSynthesis" in window)) return;
    try {
      window.speechSynthesis.cancel();
      var utterance = new window.SpeechSynthesisUtterance(text);
      utterance.lang = document.documentElement.lang || "en";
      utterance.rate = 1.1;
      window.speechSynthesis.speak(utterance);
    } catch (e) { /* no voice: the screen says it */ }
  }
  var unlocked = false;  // audio plays once a tap has started it
  function beep(frequency, ms) {
    if (muted) return;
    unlocked = window.pushbackTone(frequency, ms, 0.2) || unlocked;
  }

  // -------------------------------------------------------------- metronome
  // The prescribed descent, beeped each second; re-phased to "down" each time the
  // server sees a descent begin, so it runs in step with the person.
  var metro = { on: false, started: 0, lastSecond: -1, raf: null };
  var metroBox = document.getElementById("live-metronome");
  var ball = document.getElementById("live-ball");
  var phaseEl = document.getElementById("live-phase");
  var metroBtn = document.getElementById("live-metronome-toggle");
  function tempo() {
    var option = exerciseSelect.options[exerciseSelect.selectedIndex];
    var parts = String((option && option.dataset.tempo) || "3-1-1-0").split("-").map(function (p) {
      return p.toUpperCase() === "X" ? 1 : Number(p) || 0;
    });
    return { down: parts[0] || 3, bottom: parts[1] || 0, up: parts[2] || 1, top: parts[3] || 0 };
  }
  function metroFrame() {
    if (!metro.on) return;
    var beat = tempo();
    var cycle = beat.down + beat.bottom + beat.up + beat.top;
    var into = ((performance.now() - metro.started) / 1000) % cycle;
    var depth, name;
    if (into < beat.down) { depth = into / beat.down; name = "Down"; }
    else if (into < beat.down + beat.bottom) { depth = 1; name = "Bottom"; }
    else if (into < beat.down + beat.bottom + beat.up) { depth = 1 - (into - beat.down - beat.bottom) / beat.up; name = "Up"; }
    else { depth = 0; name = "Top"; }
    var second = Math.floor(((performance.now() - metro.started) / 1000) % cycle);
    if (name === "Down" && second !== metro.lastSecond) beep(second === 0 ? 880 : 440, 70);
    metro.lastSecond = second;
    phaseEl.textContent = { Down: t("Down"), Bottom: t("Bottom"), Up: t("Up"), Top: t("Top") }[name];
    ball.style.top = "calc(" + (depth * 100).toFixed(1) + "% - " + (depth * 2.6).toFixed(2) + "rem)";
    metro.raf = window.requestAnimationFrame(metroFrame);
  }
  function metronome(on) {
    metro.on = on;
    metroBox.hidden = !on;
    metroBtn.textContent = on ? t("Metronome off") : t("Metronome on");
    metroBtn.setAttribute("aria-pressed", String(on));
    if (on) { metro.started = performance.now(); metroFrame(); }
    else if (metro.raf) window.cancelAnimationFrame(metro.raf);
  }
  metroBtn.addEventListener("click", function () { metronome(!metro.on); });

  // ----------------------------------------------------------------- events
  function onEvent(event) {
    api.events.push(event);
    if (event.type === "status") {
      api.state = event.state;
      status(event.message);
    } else if (event.type === "hint") {
      status(event.message);
    } else if (event.type === "count") {
      setCount(event.count);
    } else if (event.type === "descent") {
      if (metro.on) metro.started = performance.now();
    } else if (event.type === "rep") {
      setCount(event.count);
      reps.push(event);
      descentEl.dataset.tempo = event.tempo;
      var times = { descent: event.descent_s.toFixed(1), target: event.target_s };
      descentEl.textContent = event.tempo === "fast"
        ? t("Down in %(descent)s s (target %(target)s s): slower", times)
        : t("Down in %(descent)s s (target %(target)s s)", times);
      cueEl.removeAttribute("data-stop");
      cueEl.textContent = event.faults.length ? event.faults[0].cue : "";
      say(event.faults.length ? event.say + ". " + event.faults[0].title : event.say);
    } else if (event.type === "stop") {
      cueEl.dataset.stop = "";
      cueEl.textContent = t("Stop here: %(reason)s", { reason: event.message });
      say(event.say);
    } else if (event.type === "people") {
      status(event.message);
      say(t("Two people in view"));
    } else if (event.type === "summary") {
      showLog(event);
    }
  }

  // ----------------------------------------------------------------- socket
  function connect(set) {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    ws = new window.WebSocket(scheme + window.location.host + "/live/ws");
    ws.addEventListener("open", function () {
      offlineEl.hidden = true;
      ws.send(JSON.stringify({ type: "start", set: set.id, exercise: set.exercise,
        width: video.videoWidth || 640, height: video.videoHeight || 480 }));
    });
    ws.addEventListener("message", function (message) {
      try { onEvent(JSON.parse(message.data)); } catch (e) { /* ignore a bad event */ }
    });
    ws.addEventListener("close", function (event) {
      api.closed = { code: event.code, reason: event.reason };
      if (ended) return;
      if (event.reason) status(event.reason);
      if (!event.reason || event.code === 1006) offline();
    });
  }
  function offline() {
    offlineEl.hidden = false;
    status(t("Live counting needs the connection. Use the metronome and log the set below."));
    metronome(true);
    showLog(null);
  }
  function sendJson(obj) {
    if (ws && ws.readyState === window.WebSocket.OPEN) ws.send(JSON.stringify(obj));
  }

  // ------------------------------------------------------------------- pose
  function flatten(landmarks) {
    var flat = new Array(132);
    for (var i = 0; i < 33; i += 1) {
      var p = landmarks[i];
      flat[4 * i] = Math.max(-2, Math.min(3, p.x));
      flat[4 * i + 1] = Math.max(-2, Math.min(3, p.y));
      flat[4 * i + 2] = Math.max(-2, Math.min(3, p.z));
      flat[4 * i + 3] = Math.max(0, Math.min(1, p.visibility === undefined ? 1 : p.visibility));
    }
    return flat;
  }
  var frameTime = 0;
  function onResults(results) {
    if (!ws || ws.readyState !== window.WebSocket.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED) { api.dropped += 1; return; }
    var points = results.poseLandmarks ? flatten(results.poseLandmarks) : null;
    ws.send(JSON.stringify({ type: "frame", t: frameTime, p: points }));
    api.sent += 1;
  }
  function loop() {
    if (!running) return;
    if (!busy && video.readyState >= 2) {
      busy = true;
      frameTime = performance.now() / 1000;
      pose.send({ image: video }).then(function () { busy = false; }, function () { busy = false; });
    }
    window.requestAnimationFrame(loop);
  }
  function loadPose() {
    if (pose) return Promise.resolve(pose);
    if (!window.Pose) return Promise.reject(new Error(t("The pose model did not load.")));
    pose = new window.Pose({ locateFile: function (file) { return "/static/vendor/" + file; } });
    pose.setOptions({ modelComplexity: 1, smoothLandmarks: true, minDetectionConfidence: 0.5,
                      minTrackingConfidence: 0.5 });
    pose.onResults(onResults);
    return pose.initialize().then(function () { return pose; });
  }

  // ------------------------------------------------------------ start, stop
  function start() {
    if (navigator.onLine === false) { offline(); return; }
    var set = currentSet();
    set.active = true;
    window.sessionStorage.setItem(SET_KEY, JSON.stringify(set));
    ended = false;
    startBtn.hidden = true;
    exerciseSelect.disabled = true;
    status(t("Opening the camera…"));
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "user", width: { ideal: 640 },
      height: { ideal: 480 } }, audio: false }).then(function (media) {
      stream = media;
      video.srcObject = media;
      media.getVideoTracks().forEach(function (track) {
        track.addEventListener("ended", function () {
          sendJson({ type: "pause", reason: "camera" });
          status(t("The camera stopped: the count is kept. Press start to go on."));
          stopCamera();
          startBtn.hidden = false;
        });
      });
      return video.play();
    }).then(function () {
      status(t("Loading the pose model (it runs on this phone)…"));
      return loadPose();
    }).then(function () {
      connect(set);
      running = true;
      endBtn.hidden = false;
      loop();
    }).catch(function (error) {
      startBtn.hidden = false;
      status(t("The camera or the pose model could not start: %(reason)s", { reason: error.message }));
      showLog(null);
    });
  }
  function stopCamera() {
    running = false;
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
  }
  function end() {
    ended = true;
    stopCamera();
    endBtn.hidden = true;
    if (ws && ws.readyState === window.WebSocket.OPEN) sendJson({ type: "end" });
    else showLog(null);
  }
  startBtn.addEventListener("click", function () { if (!unlocked) beep(660, 1); start(); });
  endBtn.addEventListener("click", end);
  exerciseSelect.addEventListener("change", function () {
    var set = load(SET_KEY);
    if (set && !set.active) window.sessionStorage.removeItem(SET_KEY);
  });
  document.addEventListener("visibilitychange", function () {
    if (!ws) return;
    if (document.visibilityState === "hidden") {
      sendJson({ type: "pause", reason: "hidden" });
    } else {
      sendJson({ type: "resume" });
    }
  });

  // -------------------------------------------------------------------- log
  function showLog(summary) {
    logForm.hidden = false;
    var list = document.getElementById("live-rep-list");
    list.innerHTML = "";
    var n = summary ? summary.count : count;
    document.getElementById("live-reps").value = String(n);
    document.getElementById("live-log-note").textContent = summary
      ? tn("The camera counted %(num)s rep. Correct the count if it missed or added one.",
           "The camera counted %(num)s reps. Correct the count if it missed or added one.", summary.count)
      : t("Enter the reps you did.");
    ((summary && summary.reps) || []).forEach(function (rep) {
      var li = document.createElement("li");
      var words = t("Rep %(index)s: down in %(descent)s s", { index: rep.index, descent: rep.descent_s.toFixed(1) });
      var faults = rep.fault_titles || [];
      li.textContent = faults.length ? words + " · " + faults.join(", ") : words;
      list.appendChild(li);
    });
    api.summary = summary;
  }
  logForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var error = document.getElementById("live-error");
    var amount = Number(document.getElementById("live-reps").value);
    var rirText = document.getElementById("live-rir").value;
    if (!Number.isInteger(amount) || amount < 0 || amount > 1000) {
      error.textContent = t("Enter a whole number from 0 to 1000.");
      return;
    }
    if (rirText !== "" && !/^(10|[0-9])$/.test(rirText)) {
      error.textContent = t("Reps left in the tank is a whole number from 0 to 10.");
      return;
    }
    var set = currentSet();
    var body = { client_key: set.key || newId(), exercise: exerciseSelect.value, reps: amount,
                 logged_at: new Date().toISOString() };
    set.key = body.client_key;
    window.sessionStorage.setItem(SET_KEY, JSON.stringify(set));
    if (rirText !== "") body.rir = Number(rirText);
    if (api.summary) body.live_set = set.id;
    window.fetch("/live/sets", { method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf }, body: JSON.stringify(body),
    }).then(function (response) {
      if (!response.ok) throw new Error(t("The server refused the set (%(status)s).", { status: response.status }));
      return response.json();
    }).then(function (json) {
      saved(set, amount, json.camera_counted ? t("Saved, with the time of every rep.") : t("Saved."));
    }).catch(function () {
      // Offline: the guided workout's queue sends it when the connection is back.
      var queueKey = "pushback.queue." + user;
      var queue = JSON.parse(window.localStorage.getItem(queueKey) || "[]");
      delete body.live_set;
      queue.push({ type: "set", key: body.client_key, body: body });
      window.localStorage.setItem(queueKey, JSON.stringify(queue));
      saved(set, amount, t("Saved on this phone: it is sent when you are back online."));
    });
  });
  function saved(set, amount, words) {
    set.saved = true;
    set.active = false;
    window.sessionStorage.setItem(SET_KEY, JSON.stringify(set));
    if (root.dataset.step !== undefined) {
      window.localStorage.setItem("pushback.live.done." + user, JSON.stringify(
        { step: Number(root.dataset.step), key: set.key, reps: amount }));
    }
    logForm.hidden = true;
    var note = document.getElementById("live-saved");
    note.hidden = false;
    note.textContent = words;
    api.state = "saved";
  }

  // A reload in the middle of a set continues it.
  var previous = load(SET_KEY);
  if (previous && previous.active && !previous.saved) {
    exerciseSelect.value = previous.exercise;
    start();
  }
})();
