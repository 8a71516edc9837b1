// pushback filmed sets: the upload form sends the video with a progress bar and
// shows problems in place. (The report page is drawn by the server: no script.)
(function () {
  "use strict";

  function showError(message) {
    var box = document.getElementById("upload-error");
    box.textContent = message;
    box.hidden = false;
    box.scrollIntoView({ block: "center" });
  }

  function upload(form) {
    var file = form.querySelector("#video").files[0];
    if (!file) return showError(t("Choose a video of your set first."));
    var limitMb = Number(form.dataset.maxMb);
    if (file.size > limitMb * 1024 * 1024) {
      return showError(t("The video is too large: %(size)s MB, and the limit is %(limit)s MB. Trim it to the set, or film at 720p.",
        { size: Math.round(file.size / 1048576), limit: limitMb }));
    }
    var xhr = new XMLHttpRequest();
    var bar = document.getElementById("upload-bar");
    var label = document.getElementById("upload-label");
    var button = document.getElementById("upload-button");
    document.getElementById("upload-progress").hidden = false;
    document.getElementById("upload-error").hidden = true;
    button.disabled = true;
    xhr.upload.addEventListener("progress", function (event) {
      if (!event.lengthComputable) return;
      var pct = Math.round((100 * event.loaded) / event.total);
      bar.value = pct;
      label.textContent = t("Uploading… %(percent)s%%", { percent: pct });
    });
    xhr.addEventListener("load", function () {
      var json = null;
      try { json = JSON.parse(xhr.responseText); } catch (error) { json = null; }
      if (xhr.status < 300 && json && json.redirect) {
        label.textContent = t("Uploaded: starting the analysis…");
        window.location.assign(json.redirect);
        return;
      }
      button.disabled = false;
      document.getElementById("upload-progress").hidden = true;
      showError(json && json.error ? json.error.message : t("The upload failed (%(status)s); try again.", { status: xhr.status }));
    });
    xhr.addEventListener("error", function () {
      button.disabled = false;
      showError(t("The upload was interrupted: check your connection and try again."));
    });
    xhr.open("POST", form.action);
    xhr.setRequestHeader("X-Requested-With", "fetch");
    xhr.setRequestHeader("X-CSRF-Token", form.querySelector("input[name=csrf_token]").value);
    xhr.send(new FormData(form));
  }

  document.addEventListener("submit", function (event) {
    if (event.target.id !== "upload-form") return;
    event.preventDefault();
    upload(event.target);
  });
})();
