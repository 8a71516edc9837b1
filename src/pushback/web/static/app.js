// pushback: small progressive enhancements. Every page works without JavaScript
// except the charts.

// t("Text %(name)s", {name: x}) and tn("%(num)s rep", "%(num)s reps", n): the
// scripts' words in the page's language (the JSON the page carries, see
// web/js_messages.py); English is the message itself.
(function () {
  "use strict";
  var table = null;
  function messages() {
    if (table === null) {
      var node = document.getElementById("js-messages");
      try {
        table = node ? JSON.parse(node.textContent) : {};
      } catch (error) {
        table = {};
      }
    }
    return table;
  }
  function fill(text, values) {
    return text.replace(/%\((\w+)\)[sd]|%%/g, function (all, name) {
      if (all === "%%") return "%";
      return values && name in values ? String(values[name]) : all;
    });
  }
  window.t = function (message, values) {
    var found = messages()[message];
    return fill(typeof found === "string" && found ? found : message, values);
  };
  window.tn = function (one, other, count, values) {
    var found = messages()[one];
    var forms = Array.isArray(found) ? found : [one, other];
    var all = Object.assign({ num: count }, values || {});
    return fill(count === 1 ? forms[0] : forms[1], all);
  };
})();
(function () {
  "use strict";

  // <form data-confirm="Are you sure?"> asks before submitting.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  // <select data-autosubmit> submits its form when changed (no inline handler:
  // the Content-Security-Policy allows scripts from files only).
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.hasAttribute && field.hasAttribute("data-autosubmit") && field.form) {
      field.form.submit();
    }
  });

  // <a data-back> goes back in history when there is somewhere to go back to.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-back]");
    if (link && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });

  // <input data-device-time-zone> takes this device's time zone (IANA name);
  // <button data-use-device-time-zone="#id"> copies it into a field.
  function deviceTimeZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (error) {
      return "";
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-device-time-zone]").forEach(function (field) {
      if (!field.value) field.value = deviceTimeZone();
    });
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-use-device-time-zone]");
    if (!button) return;
    var field = document.querySelector(button.getAttribute("data-use-device-time-zone"));
    var zone = deviceTimeZone();
    if (field && zone) field.value = zone;
  });

  // <button data-copy="#id"> copies the text of an element.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-copy]");
    if (!button) return;
    var source = document.querySelector(button.getAttribute("data-copy"));
    if (source && navigator.clipboard) {
      navigator.clipboard.writeText(source.textContent.trim());
      button.textContent = t("Copied");
    }
  });
})();

// Links to a session inside a folded week (#w2d3) open the fold first.
(function () {
  "use strict";
  function reveal() {
    if (!location.hash) return;
    var target = document.getElementById(location.hash.slice(1));
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
    if (target) target.scrollIntoView();
  }
  window.addEventListener("hashchange", reveal);
  document.addEventListener("DOMContentLoaded", reveal);
})();

// Once a field with a server message is changed, the message has done its job.
document.addEventListener("change", function (event) {
  var holder = event.target.closest && event.target.closest(".has-error");
  if (holder) {
    holder.classList.remove("has-error");
    holder.classList.add("resolved");
  }
});
