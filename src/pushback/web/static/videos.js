// pushback filmed sets: the upload form sends the video with a progress bar and
// shows problems in place. (The report page is drawn by the server: no script.)
// When the server keeps videos in a bucket (data-direct-upload), the video goes
// straight there with a presigned URL, then "complete upload" checks it.
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
    if (form.dataset.directUpload) return directUpload(form, file);
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

  function api(path, body, csrf) {
    return fetch(path, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body),
    }).then(function (response) {
      return response.json().then(function (json) {
        if (!response.ok) throw new Error(json && json.error ? json.error.message : t("The upload failed (%(status)s); try again.", { status: response.status }));
        return json;
      });
    });
  }

  function putFile(target, file, onProgress) {
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable) onProgress(Math.round((100 * event.loaded) / event.total));
      });
      xhr.addEventListener("load", function () {
        if (xhr.status < 300) resolve();
        else reject(new Error(t("The upload failed (%(status)s); try again.", { status: xhr.status })));
      });
      xhr.addEventListener("error", function () {
        reject(new Error(t("The upload was interrupted: check your connection and try again.")));
      });
      xhr.open(target.method, target.url);
      Object.keys(target.headers).forEach(function (name) { xhr.setRequestHeader(name, target.headers[name]); });
      xhr.send(file);
    });
  }

  function directUpload(form, file) {
    var csrf = form.querySelector("input[name=csrf_token]").value;
    var bar = document.getElementById("upload-bar");
    var label = document.getElementById("upload-label");
    var button = document.getElementById("upload-button");
    var type = ["video/mp4", "video/quicktime", "video/webm", "video/x-msvideo"].indexOf(file.type) >= 0 ? file.type : "video/mp4";
    var setId = form.querySelector("#set_id").value;
    var choices = {
      filename: file.name,
      exercise: form.querySelector("#exercise").value,
      keep_video: form.querySelector("input[name=keep_video]").checked,
      set_id: setId ? Number(setId) : null,
    };
    document.getElementById("upload-progress").hidden = false;
    document.getElementById("upload-error").hidden = true;
    button.disabled = true;
    api("/api/v1/uploads", { size_bytes: file.size, content_type: type }, csrf)
      .then(function (target) {
        return putFile(target, file, function (pct) {
          bar.value = pct;
          label.textContent = t("Uploading… %(percent)s%%", { percent: pct });
        }).then(function () {
          label.textContent = t("Uploaded: starting the analysis…");
          return api("/api/v1/uploads/" + target.upload_id + "/complete", choices, csrf);
        });
      })
      .then(function (job) {
                window.location.assign("/videos/" + job.id);
      })
      .catch(function (error) {
        button.disabled = false;
        document.getElementById("upload-progress").hidden = true;
        showError(error.message);
      });
  }

  document.addEventListener("submit", function (event) {
    if (event.target.id !== "upload-form") return;
    event.preventDefault();
    upload(event.target);
  });
})();
