// pushback service worker: lets the guided workout reload while offline.
//
// Served at /sw.js (scope "/") by web/offline.py, which puts a line in front of
// this file: `var pushbackBuild = {version, assets}`. The version is a hash of the
// static files, so any change to them installs a new worker and drops old caches.
//
// * /workout and GET /api/v1/workout: network first; the last good answer is kept
//   (private data: only for the session that fetched it) and served when offline.
// * /static/... (our css/js and the vendor htmx/Chart.js): cache first, precached
//   on install so an offline reload has them even if the first visit did not.
// * Everything else, every other API call and every POST: not cached, untouched.
// * Logging out, logging in, registering or deleting the account (a POST to those
//   pages) drops the private cache before the request goes on; so does a workout
//   answer that says the session is over (redirect to the login page, 401).
"use strict";

var BUILD = self.pushbackBuild || { version: "dev", assets: [] };
var STATIC_CACHE = "pushback-static-" + BUILD.version;
var PRIVATE_CACHE = "pushback-private-" + BUILD.version;
var NETWORK_FIRST = ["/workout", "/api/v1/workout"];
var SESSION_CHANGES = ["/logout", "/login", "/register", "/settings/delete-account"];

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(STATIC_CACHE)
      .then(function (cache) { return cache.addAll(BUILD.assets); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys()
      .then(function (names) {
        return Promise.all(names.filter(function (name) {
          return name.indexOf("pushback-") === 0 && name !== STATIC_CACHE && name !== PRIVATE_CACHE;
        }).map(function (name) { return caches.delete(name); }));
      })
      .then(function () { return self.clients.claim(); })
  );
});

function dropPrivate() {
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("pushback-private-") === 0;
    }).map(function (name) { return caches.delete(name); }));
  });
}

// The cache key: the path alone (a query string does not change the page).
function keyFor(url) {
  return new URL(url, self.location.origin).pathname;
}

function networkFirst(request) {
  var key = keyFor(request.url);
  return fetch(request).then(function (response) {
    var good = response.ok && !response.redirected && response.type === "basic";
    var kept;
    if (good) {
      var copy = response.clone();
      kept = caches.open(PRIVATE_CACHE).then(function (cache) { return cache.put(key, copy); });
    } else if (response.type === "opaqueredirect" || response.redirected || response.status === 401) {
      kept = dropPrivate(); // the session is over: what it saw is no longer served
    }
    return Promise.resolve(kept).catch(function () { return null; })
      .then(function () { return response; });
  }, function (error) {
    return caches.open(PRIVATE_CACHE)
      .then(function (cache) { return cache.match(key); })
      .then(function (cached) {
        if (cached) return cached;
        throw error;
      });
  });
}

function cacheFirst(request) {
  return caches.open(STATIC_CACHE).then(function (cache) {
    return cache.match(request, { ignoreSearch: true }).then(function (cached) {
      if (cached) return cached;
      return fetch(request).then(function (response) {
        if (response.ok && response.type === "basic") cache.put(request, response.clone());
        return response;
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== "GET") {
    if (request.method === "POST" && SESSION_CHANGES.indexOf(url.pathname) !== -1) {
      // The private cache is gone before the answer to the logout arrives.
      event.respondWith(dropPrivate().catch(function () { return null; })
        .then(function () { return fetch(request); }));
    }
    return; // never cached
  }
  if (NETWORK_FIRST.indexOf(url.pathname) !== -1) {
    event.respondWith(networkFirst(request));
  } else if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(cacheFirst(request));
  }
});

// The page that registered us asks for its own address to be kept: its first
// load happened before this worker controlled it.
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "remember" || NETWORK_FIRST.indexOf(keyFor(data.url)) === -1) return;
  var request = new Request(keyFor(data.url), { credentials: "same-origin", redirect: "manual" });
  event.waitUntil(networkFirst(request).then(function (response) {
    return caches.open(PRIVATE_CACHE).then(function (cache) { return cache.match(keyFor(data.url)); })
      .then(function (cached) {
        var answer = { type: "remembered", url: keyFor(data.url), ok: Boolean(cached), status: response.status };
        if (event.source) event.source.postMessage(answer);
      });
  }, function () {
    if (event.source) event.source.postMessage({ type: "remembered", url: keyFor(data.url), ok: false });
  }));
});
