// pushback guided workout: one step at a time, a descent metronome, a quick log and
// a rest countdown. Every set is stored in localStorage the moment it is entered,
// with a random idempotency key, and sent to POST /api/v1/workout/sets until the
// server confirms it; the server stores a key once, so resending never doubles a
// set. The workout's place (step, phase, timers) is stored too, so a reload or a
// closed tab resumes where it was. A service worker (/sw.js) serves the page from
// its cache when a reload happens offline.
(function () {
  "use strict";

  var root = document.getElementById("workout");
  if (!root) return;
  var plan = JSON.parse(document.getElementById("workout-data").textContent);
  var painLocations = JSON.parse(document.getElementById("pain-locations").textContent);
  var steps = plan.steps;
  var csrf = root.dataset.csrf;
  var STATE_KEY = "pushback.workout." + root.dataset.user;
  var QUEUE_KEY = "pushback.queue." + root.dataset.user;
  var RETRY_MS = 4000;
  // An explosive phase ("X") is cued as 1 s, since a metronome needs a beat to play.
  // A step without phases (an old page in the cache): the seed's 3-1-1-0.
  var DEFAULT_PHASES = [{ name: "Down", index: 0, seconds: 3 }, { name: "Bottom", index: 1, seconds: 1 },
                        { name: "Up", index: 2, seconds: 1 }];
  // Seconds to get into position between "Start set" and the first beat.
  var COUNTDOWN_S = 5;
  var stage = document.getElementById("stage");
  var syncStatus = document.getElementById("sync-status");

  var api = (window.pushbackWorkout = { beeps: 0, phase: null, wakeLock: "off" });

  // ---------------------------------------------------------------- storage
  function load(key, fallback) {
    try {
      var raw = window.localStorage.getItem(key);
      return raw ? JSON.parse(raw) : fallback;
    } catch (error) {
      return fallback;
    }
  }
  function save(key, value) {
    window.localStorage.setItem(key, JSON.stringify(value));
  }
  var workoutId = plan.date + "/" + plan.session_id;
  var state = load(STATE_KEY, null);
  if (!state || state.id !== workoutId) {
    state = { id: workoutId, step: 0, phase: "ready", endsAt: null, entries: [],
              finished: false, sessionId: null, changes: null };
  }
  function persist() {
    save(STATE_KEY, state);
  }
  api.state = function () { return JSON.parse(JSON.stringify(state)); };

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  // ------------------------------------------------------------------ queue
  function pending() {
    return load(QUEUE_KEY, []);
  }
  api.queue = pending;
  var flushing = false;
  var lastError = null;

  function enqueue(item) {
    var items = pending();
    items.push(item);
    save(QUEUE_KEY, items);
    updateSync();
    flush();
  }

  function removeFromQueue(key) {
    save(QUEUE_KEY, pending().filter(function (x) { return x.key !== key; }));
  }

  function request(item) {
    var url = item.type === "finish" ? "/api/v1/workout/finish" : "/api/v1/workout/sets";
    var body = item.type === "finish" ? { session_id: state.sessionId } : item.body;
    return window.fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body),
    });
  }

  // "sent" and "dropped" leave the queue; "kept" stays for the next try.
  function send(item) {
    return request(item).then(function (response) {
      if (response.ok) {
        return response.json().then(function (json) { confirmed(item, json); return "sent"; });
      }
      if (item.type === "finish" && response.status === 409) return "dropped";
      if (response.status === 401 || response.status === 403) {
        lastError = t("Your login expired: reload the page or log in again to send your sets.");
        return "kept";
      }
      if (response.status >= 500 || response.status === 429 || response.status === 408) {
        return "kept";
      }
      return response.json().then(function (json) {
        lastError = t("A set could not be saved: %(reason)s", { reason: json.error && json.error.message });
        return "dropped";
      }, function () { return "dropped"; });
    }, function () {
      return "kept"; // no network: try again later
    });
  }

  function flush() {
    if (flushing) return;
    var items = pending();
    if (!items.length) { updateSync(); return; }
    flushing = true;
    updateSync();
    send(items[0]).then(function (outcome) {
      flushing = false;
      if (outcome === "kept") { updateSync(); return; }
      removeFromQueue(items[0].key);
      if (outcome === "sent" && items[0].type === "set") lastError = null;
      flush();
      if (state.finished) render();
    });
  }
  api.flush = flush;

  function confirmed(item, json) {
    if (item.type === "set") {
      state.sessionId = json.session_id;
      state.entries.forEach(function (entry) {
        if (entry.key === item.key) entry.saved = true;
      });
      if (json.workout) applyWorkout(json.workout);
    } else {
      state.changes = (json.changes || []).map(function (c) { return c.reason; });
    }
    persist();
  }

  // Pain changes the rest of the workout: the server decides (the journal's pain
  // rules) and sends the steps from here on; steps not begun yet are replaced.
  var painChanges = plan.pain_changes || [];
  function applyWorkout(workout) {
    if (!workout.steps || workout.steps.length !== steps.length) return;
    var from = state.phase === "ready" || state.phase === "countdown" ? state.step : state.step + 1;
    for (var i = from; i < steps.length; i++) steps[i] = workout.steps[i];
    painChanges = workout.pain_changes || [];
    api.painChanges = painChanges;
    if (state.phase === "ready" && steps[state.step] && steps[state.step].skipped) return advance();
    if (state.phase === "ready" || state.phase === "rest") render();
  }
  api.painChanges = painChanges;
  function nextIndex(index) {
    var next = index + 1;
    while (next < steps.length && steps[next].skipped) next += 1;
    return next;
  }

  function updateSync() {
    var count = pending().length;
    var label;
    var mode;
    if (!count) {
      var logged = state.entries.length;
      label = lastError || (logged ? tn("Your set is saved", "All %(num)s sets saved", logged) : "");
      mode = lastError ? "error" : logged ? "saved" : "idle";
    } else if (navigator.onLine === false) {
      label = t("Offline: %(count)s waiting, sent when you are back online", { count: count });
      mode = "offline";
    } else {
      label = lastError || t("Saving %(count)s…", { count: count });
      mode = lastError ? "error" : "sending";
    }
    syncStatus.textContent = label;
    syncStatus.dataset.state = mode;
    syncStatus.dataset.pending = String(count);
  }

  window.addEventListener("online", flush);
  window.addEventListener("offline", updateSync);
  window.setInterval(flush, RETRY_MS);

  // ---------------------------------------------------------------- offline
  // The service worker (/sw.js) keeps the last good /workout page, so a reload
  // while offline still opens the workout; the queue above then resends the sets.
  // Browsers allow workers on secure contexts only (https, localhost, 127.0.0.1).
  api.offline = "unsupported";
  function registerWorker() {
    if (!window.isSecureContext || !("serviceWorker" in navigator)) return;
    api.offline = "registering";
    navigator.serviceWorker.addEventListener("message", function (event) {
      var data = event.data || {};
      if (data.type === "remembered") api.offline = data.ok ? "ready" : "failed";
    });
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      // A page the worker served is in its cache already; a first load came
      // before the worker: ask it to keep a copy now.
      if (navigator.serviceWorker.controller) api.offline = "ready";
      else registration.active.postMessage({ type: "remember", url: window.location.pathname });
    }).catch(function () {
      api.offline = "failed";
    });
  }

  // ------------------------------------------------------------------ sound
  function beep(frequency, ms) {
    api.beeps += 1;
    if (navigator.vibrate) navigator.vibrate(Math.min(ms, 80));
    window.pushbackTone(frequency, ms, 0.25);  // no audio: the visual metronome runs
  }


  // Short spoken cues (the text is always on screen too); one at a time, and
  // silent when the person turned the sound off.
  var muted = load("pushback.muted", false);
  api.spoken = [];
  function say(text) {
    api.spoken.push(text);
    if (muted || !("speechSynthesis" in window)) return;
    try {
      window.speechSynthesis.cancel();
      var utterance = new window.SpeechSynthesisUtterance(text);
      utterance.lang = document.documentElement.lang || "en";
      utterance.rate = 1.05;
      window.speechSynthesis.speak(utterance);
    } catch (error) {
      /* no voice on this device: the screen says it */
    }
  }
  function muteButton() {
    return el("button", { type: "button", class: "link", id: "mute", "aria-pressed": String(muted),
      text: muted ? t("Sound off") : t("Sound on"), onclick: function (event) {
        muted = !muted;
        save("pushback.muted", muted);
        if (muted && "speechSynthesis" in window) window.speechSynthesis.cancel();
        event.target.textContent = muted ? t("Sound off") : t("Sound on");
        event.target.setAttribute("aria-pressed", String(muted));
      } });
  }

  // -------------------------------------------------------------- wake lock
  var wakeLock = null;
  function keepAwake() {
    if (!("wakeLock" in navigator) || wakeLock || state.finished) {
      if (!("wakeLock" in navigator)) api.wakeLock = "unsupported";
      return;
    }
    navigator.wakeLock.request("screen").then(function (lock) {
      wakeLock = lock;
      api.wakeLock = "on";
      lock.addEventListener("release", function () { wakeLock = null; api.wakeLock = "off"; });
    }, function () {
      api.wakeLock = "refused";
    });
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && state.step > 0 && !state.finished) keepAwake();
  });

  // ----------------------------------------------------------------- helpers
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs[name];
      else if (name.slice(0, 2) === "on") node.addEventListener(name.slice(2), attrs[name]);
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }
  function clock(seconds) {
    var s = Math.max(0, Math.ceil(seconds));
    var m = Math.floor(s / 60);
    return m ? m + ":" + ("0" + (s % 60)).slice(-2) : String(s);
  }
  function cueList(cues) {
    if (!cues || !cues.length) return null;
    return el("ul", { class: "cues" }, cues.map(function (c) { return el("li", { text: c }); }));
  }
  function target(step) {
    var parts = [];
    if (step.reps) parts.push(tn("%(num)s rep", "%(num)s reps", step.reps));
    else if (step.reps_per_side) parts.push(tn("%(num)s rep per side", "%(num)s reps per side", step.reps_per_side));
    else if (step.duration_s) parts.push(t("%(seconds)s s", { seconds: step.duration_s }));
    if (step.rep_range) parts.push(t("aim for %(low)s–%(high)s", { low: step.rep_range[0], high: step.rep_range[1] }));
    if (step.rir !== null && step.rir !== undefined) parts.push(tn("stop %(num)s rep short of failure", "stop %(num)s reps short of failure", step.rir));
    if (step.tempo) parts.push(t("pace %(tempo)s", { tempo: step.tempo }));
    return parts.join(" · ");
  }
  function nextName() {
    var next = steps[nextIndex(state.step)];
    if (!next) return t("finish");
    return next.kind === "set"
      ? t("%(name)s · set %(number)s of %(sets)s", { name: next.name, number: next.set_number, sets: next.sets })
      : next.name;
  }

  // -------------------------------------------------------------- navigation
  function go(phase, seconds) {
    state.phase = phase;
    state.endsAt = seconds ? Date.now() + seconds * 1000 : null;
    persist();
    render();
  }
  function advance() {
    stopMetronome();
    state.step = nextIndex(state.step);
    go("ready");
  }

  // --------------------------------------------------------------- metronome
  // The server parses the tempo (one parser, in the domain) and sends its phases.
  var PHASE_NAMES = { down: "Down", bottom: "Bottom", up: "Up", top: "Top" };
  function tempoPhases(step) {
    var phases = (step.phases || []).map(function (p) {
      return { name: PHASE_NAMES[p.name] || p.name, index: p.index, seconds: p.seconds };
    });
    return phases.length ? phases : DEFAULT_PHASES;
  }
  function phaseWord(name) {
    return { Down: t("Down"), Bottom: t("Bottom"), Up: t("Up"), Top: t("Top") }[name] || name;
  }
  var metronome = null;
  function startMetronome(step, view) {
    var phases = tempoPhases(step);
    var cycle = phases.reduce(function (sum, p) { return sum + p.seconds; }, 0);
    var goal = step.reps || step.reps_per_side || 0;
    metronome = { started: performance.now(), phases: phases, cycle: cycle, goal: goal,
                  last: null, lastSecond: null, reps: 0, view: view, alerted: false };
    beep(880, 120);
    frame();
  }
  function stopMetronome() {
    if (metronome && metronome.raf) window.cancelAnimationFrame(metronome.raf);
    metronome = null;
    api.phase = null;
  }
  function frame() {
    var m = metronome;
    if (!m) return;
    var elapsed = (performance.now() - m.started) / 1000;
    var reps = Math.floor(elapsed / m.cycle);
    var within = elapsed - reps * m.cycle;
    var phase = m.phases[m.phases.length - 1];
    var into = 0;
    for (var i = 0, start = 0; i < m.phases.length; i += 1) {
      if (within < start + m.phases[i].seconds) { phase = m.phases[i]; into = within - start; break; }
      start += m.phases[i].seconds;
    }
    var fraction = into / phase.seconds;
    var depth = phase.index === 0 ? fraction : phase.index === 1 ? 1 : phase.index === 2 ? 1 - fraction : 0;
    var second = Math.floor(into);
    if (m.last !== phase.name + reps) {
      beep({ Down: 880, Bottom: 330, Up: 660, Top: 550 }[phase.name], 120);
      m.last = phase.name + reps;
      m.lastSecond = 0;
    } else if (phase.index === 0 && second !== m.lastSecond) {
      beep(440, 60); // one tick per second of the descent
      m.lastSecond = second;
    }
    m.reps = reps;
    api.phase = phase.name;
    m.view.ball.style.top = "calc(" + (depth * 100).toFixed(1) + "% - " + (depth * 2.6).toFixed(2) + "rem)";
    m.view.phase.textContent = phaseWord(phase.name) + " " + clock(phase.seconds - into);
    m.view.phase.dataset.phase = phase.name.toLowerCase();
    m.view.count.textContent = m.goal
      ? t("%(reps)s / %(goal)s reps", { reps: reps, goal: m.goal })
      : tn("%(num)s rep", "%(num)s reps", reps);
    if (m.goal && reps >= m.goal && !m.alerted) {
      m.alerted = true;
      beep(990, 150);
      window.setTimeout(function () { beep(990, 150); }, 220);
      m.view.note.textContent = t("Target reached: stop here, or go on only while your form holds.");
    }
    m.raf = window.requestAnimationFrame(frame);
  }

  // -------------------------------------------------------------- rendering
  function render() {
    stopMetronome();
    stage.innerHTML = "";
    var total = steps.length;
    document.getElementById("step-bar").style.width = Math.min(100, (100 * state.step) / total) + "%";
    document.getElementById("step-count").textContent = state.finished
      ? t("Workout finished")
      : state.step < total ? t("Step %(step)s of %(total)s", { step: state.step + 1, total: total }) : t("All steps done");
    stage.dataset.step = String(state.step);
    stage.dataset.phase = state.phase;
    if (state.finished) return renderFinished();
    if (state.step >= total) return renderEnd();
    var step = steps[state.step];
    if (step.skipped && state.phase === "ready") return advance();
    stage.dataset.kind = step.kind;
    if (painChanges.length && step.kind === "set") {
      stage.appendChild(el("div", { class: "notice", id: "pain-changes", role: "status" },
        painChanges.map(function (reason) { return el("p", { text: reason }); })));
    }
    if (state.phase === "rest") return renderRest(step);
    if (state.phase === "countdown") return renderCountdown(step);
    if (step.kind !== "set") return renderTimed(step);
    if (state.phase === "log") return renderLog(step);
    return renderSet(step);
  }

  function heading(step, eyebrow) {
    return [el("p", { class: "eyebrow", text: eyebrow }), el("h2", { class: "step-name", text: step.name })];
  }

  function renderTimed(step) {
    var label = step.kind === "warm-up" ? t("Warm-up") : t("Cool-down");
    var timer = el("p", { class: "big-timer", id: "timer", text: clock(step.duration_s) });
    var running = state.phase === "running";
    heading(step, label + (step.reps ? " · " + tn("%(num)s rep", "%(num)s reps", step.reps) : "")).forEach(function (n) { stage.appendChild(n); });
    stage.appendChild(timer);
    stage.appendChild(cueList(step.cues) || el("span"));
    stage.appendChild(el("div", { class: "actions" }, [
      running ? null : el("button", { type: "button", id: "start-timer", text: t("Start %(seconds)s s", { seconds: step.duration_s }),
        onclick: function () { keepAwake(); beep(880, 120); go("running", step.duration_s); } }),
      el("button", { type: "button", class: running ? "" : "ghost", id: "next-step",
        text: running ? t("Done, next") : t("Skip"), onclick: advance }),
    ]));
    tick();
  }

  function renderSet(step) {
    var running = state.phase === "running";
    heading(step, t("Set %(number)s of %(sets)s", { number: step.set_number, sets: step.sets })).forEach(function (n) { stage.appendChild(n); });
    stage.appendChild(el("p", { class: "target", id: "target", text: target(step) }));
    if (step.replaces) stage.appendChild(el("p", { class: "muted", id: "replaces", text: t("Instead of %(exercise)s.", { exercise: step.replaces }) }));
    stage.appendChild(cueList(step.cues) || el("span"));
    if (step.timed) {
      stage.appendChild(el("p", { class: "big-timer", id: "timer", text: clock(step.duration_s) }));
    } else {
      var ball = el("div", { class: "ball" });
      var view = { ball: ball, phase: el("p", { class: "phase", id: "metronome-phase", text: t("Ready") }),
                   count: el("p", { class: "rep-count", id: "metronome-count", text: "" }),
                   note: el("p", { class: "hint", id: "metronome-note",
                     text: t("Pace %(tempo)s: seconds down, at the bottom, up, at the top. A beep each second on the way down.", { tempo: step.tempo }) }) };
      stage.appendChild(el("div", { class: "metronome", id: "metronome" }, [
        el("div", { class: "track" }, [ball]),
        el("div", { class: "readout" }, [view.phase, view.count, view.note]),
      ]));
    }
    stage.appendChild(el("div", { class: "actions" }, [
      running ? null : el("button", { type: "button", id: "start-set", text: t("Start set"),
        onclick: function () {
          keepAwake();
          say(t("Get ready"));
          go("countdown", COUNTDOWN_S);
        } }),
      el("button", { type: "button", id: "done-set", class: running ? "" : "ghost",
        text: running ? t("Done, log it") : t("Log without the metronome"),
        onclick: function () { go("log"); } }),
      running ? null : el("button", { type: "button", class: "link", id: "skip-set", text: t("Skip this set"), onclick: advance }),
      muteButton(),
    ]));
    if (!running && !step.timed) {
      stage.appendChild(el("p", {}, [el("a", { id: "film-live", "data-film-live": "",
        href: "/live?exercise=" + encodeURIComponent(step.slug) + (step.reps ? "&reps=" + step.reps : "") +
              "&step=" + state.step, text: t("Film this set live") })]));
    }
    if (running && !step.timed) startMetronome(step, view);
    if (running && step.timed) tick();
  }

  function number(id, label, value, min, max) {
    return el("div", { class: "field" }, [
      el("label", { for: id, text: label }),
      el("input", { id: id, name: id, type: "number", inputmode: "numeric", min: String(min),
                    max: String(max), value: value === null || value === undefined ? "" : String(value) }),
    ]);
  }
  function chip(id, label) {
    return el("label", { class: "chip" }, [el("input", { type: "checkbox", id: id, name: id }), el("span", { text: label })]);
  }

  function renderLog(step) {
    var unit = step.timed ? "duration_s" : step.reps_per_side ? "reps_per_side" : "reps";
    var label = { duration_s: t("Seconds held"), reps_per_side: t("Reps per side"), reps: t("Reps done") }[unit];
    var done = step.timed ? step.duration_s : (step.reps || step.reps_per_side);
    var where = el("select", { id: "pain-location", name: "pain-location" },
      painLocations.map(function (p) { return el("option", { value: p, text: t(p) }); }));
    var whereField = el("div", { class: "field", id: "pain-location-field", hidden: "hidden" }, [
      el("label", { for: "pain-location", text: t("Where does it hurt?") }), where]);
    var form = el("form", { id: "log-form", class: "quick-log", novalidate: "novalidate" }, [
      el("div", { class: "row" }, [
        number("log-amount", label, done, 0, 1000),
        number("log-rir", t("Reps you could still have done"), step.rir, 0, 10),
      ]),
      el("div", { class: "chips" }, [chip("log-form-broke", t("Form broke")), chip("log-pain", t("Pain"))]),
      whereField,
      el("p", { class: "field-error", id: "log-error", role: "alert" }),
      el("div", { class: "actions" }, [el("button", { type: "submit", id: "save-set", text: t("Save set") })]),
    ]);
    form.querySelector("#log-pain").addEventListener("change", function (event) {
      whereField.hidden = !event.target.checked;
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      saveSet(step, unit, form);
    });
    heading(step, t("Log set %(number)s of %(sets)s", { number: step.set_number, sets: step.sets })).forEach(function (n) { stage.appendChild(n); });
    stage.appendChild(el("p", { class: "target", text: t("Target: %(target)s", { target: target(step) }) }));
    stage.appendChild(form);
  }

  function saveSet(step, unit, form) {
    if (state.entries.some(function (e) { return e.step === state.step; })) return advanceAfterLog(step);
    var amount = Number(form.querySelector("#log-amount").value);
    var rirText = form.querySelector("#log-rir").value;
    var error = form.querySelector("#log-error");
    if (!Number.isInteger(amount) || amount < 0 || amount > 1000) {
      error.textContent = t("Enter a whole number from 0 to 1000.");
      return;
    }
    if (rirText !== "" && !/^(10|[0-9])$/.test(rirText)) {
      error.textContent = t("Reps you could still have done: a whole number from 0 to 10.");
      return;
    }
    var pain = form.querySelector("#log-pain").checked;
    var body = { client_key: newKey(), logged_at: new Date().toISOString(), exercise: step.slug,
                 form_broke: form.querySelector("#log-form-broke").checked, pain: pain };
    body[unit] = amount;
    if (rirText !== "") body.rir = Number(rirText);
    if (pain) body.pain_location = form.querySelector("#pain-location").value;
    if (step.tempo) body.tempo = step.tempo;
    // Stored first (queue and state together), then sent: a reload from here on
    // resends the same key, which the server stores once.
    state.entries.push({ step: state.step, key: body.client_key, name: step.name,
                         amount: amount, unit: unit, saved: false });
    enqueue({ type: "set", key: body.client_key, body: body });
    advanceAfterLog(step);
  }

  function advanceAfterLog(step) {
    var following = nextIndex(state.step);
    var more = following < steps.length && steps[following].kind === "set";
    if (step.rest_s > 0 && more) go("rest", step.rest_s);
    else advance();
  }

  function renderCountdown(step) {
    heading(step, t("Get ready · set %(number)s of %(sets)s", { number: step.set_number, sets: step.sets })).forEach(function (n) { stage.appendChild(n); });
    stage.appendChild(el("p", { class: "big-timer countdown", id: "timer", "aria-live": "assertive",
      text: clock(COUNTDOWN_S) }));
    stage.appendChild(el("p", { class: "muted", text: t("Get into position: hands under your shoulders, body in one line.") }));
    stage.appendChild(el("div", { class: "actions" }, [
      el("button", { type: "button", class: "ghost", id: "cancel-countdown", text: t("Not yet"),
        onclick: function () { go("ready"); } }),
      muteButton(),
    ]));
    tick();
  }

  function renderRest(step) {
    stage.dataset.kind = "rest";
    stage.appendChild(el("p", { class: "eyebrow", text: t("Rest") }));
    stage.appendChild(el("p", { class: "big-timer", id: "timer", text: clock(step.rest_s) }));
    stage.appendChild(el("p", { class: "muted", id: "rest-next", text: t("Next: %(next)s", { next: nextName() }) }));
    stage.appendChild(el("div", { class: "actions" }, [
      el("button", { type: "button", id: "skip-rest", text: t("Skip rest"), onclick: advance }),
      el("button", { type: "button", class: "ghost", text: t("+30 s"), onclick: function () {
        state.endsAt += 30000;
        persist();
        tick();
      } }),
    ]));
    tick();
  }

  function renderEnd() {
    var logged = state.entries.length;
    stage.appendChild(el("h2", { text: t("All steps done") }));
    stage.appendChild(el("p", { text: tn("%(num)s set logged.", "%(num)s sets logged.", logged) }));
    stage.appendChild(el("div", { class: "actions" }, [
      el("button", { type: "button", id: "finish-workout", text: t("Finish workout"), onclick: function () {
        state.finished = true;
        persist();
        if (wakeLock) wakeLock.release();
        enqueue({ type: "finish", key: newKey() });
        render();
      } }),
    ]));
  }

  function renderFinished() {
    var waiting = pending().length;
    stage.appendChild(el("h2", { id: "finished-title", text: waiting ? t("Saving your workout…") : t("Workout saved") }));
    var list = el("ol", { class: "logged-sets", id: "logged-sets" }, state.entries.map(function (e) {
      var what = e.unit === "duration_s" ? t("%(seconds)s s", { seconds: e.amount })
        : e.unit === "reps_per_side" ? tn("%(num)s rep per side", "%(num)s reps per side", e.amount)
        : tn("%(num)s rep", "%(num)s reps", e.amount);
      return el("li", { text: e.name + ": " + what });
    }));
    stage.appendChild(list);
    (state.changes || []).forEach(function (reason) {
      stage.appendChild(el("p", { class: "notice", text: reason }));
    });
    if (!waiting && state.sessionId) {
      stage.appendChild(el("p", {}, [el("a", { class: "button", id: "workout-summary",
        href: "/history/" + state.sessionId, text: t("See your workout summary") })]));
    }
    stage.appendChild(el("p", {}, [el("a", { href: "/", text: t("Back to today") }), el("span", { text: " · " }),
                                    el("a", { href: "/videos", text: t("Film a set for form feedback") })]));
  }

  function tick() {
    var timer = document.getElementById("timer");
    if (!timer || !state.endsAt) return;
    var left = (state.endsAt - Date.now()) / 1000;
    timer.textContent = clock(left);
    var step = steps[state.step];
    if (state.phase === "countdown") {
      var whole = Math.ceil(left);
      if (whole !== api.countdownShown && whole > 0) {
        api.countdownShown = whole;
        beep(whole === 1 ? 880 : 660, 90);
        if (whole <= 3) say(String(whole));
      }
      if (left <= 0) {
        api.countdownShown = null;
        say(t("Go"));
        go("running", step.timed ? step.duration_s : null);
      }
      return;
    }
    if (left <= 0) {
      beep(660, 200);
      if (state.phase === "running" && step.kind === "set") go("log");
      else advance();
    }
  }
  window.setInterval(tick, 250);

  // A set of this workout counted on the live page (/live?step=N) and saved there:
  // it is in the journal already, so the workout moves past it.
  function takeLiveSet() {
    var key = "pushback.live.done." + root.dataset.user;
    var done = load(key, null);
    window.localStorage.removeItem(key);
    var step = done && steps[done.step];
    if (!step || done.step !== state.step || state.finished) return;
    if (state.entries.some(function (e) { return e.step === done.step; })) return;
    state.entries.push({ step: done.step, key: done.key, name: step.name, amount: done.reps,
                         unit: "reps", saved: true });
    var more = state.step + 1 < steps.length && steps[state.step + 1].kind === "set";
    if (step.rest_s > 0 && more) {
      state.phase = "rest"; // the rest countdown, then the next step
      state.endsAt = Date.now() + step.rest_s * 1000;
    } else {
      state.step += 1;
      state.phase = "ready";
      state.endsAt = null;
    }
  }

  // ------------------------------------------------------------------ start
  takeLiveSet();
  if (state.phase === "running" && steps[state.step] && steps[state.step].kind === "set"
      && !steps[state.step].timed) {
    state.phase = "ready"; // a metronome cannot resume mid-rep after a reload
  }
  persist();
  render();
  updateSync();
  flush();
  registerWorker();
})();
