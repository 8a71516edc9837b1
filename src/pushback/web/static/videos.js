// pushback filmed sets: the upload form sends the video with a progress bar and
// shows problems in place; the report page draws the descent chart.
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

  function descentChart() {
    var data = document.getElementById("descent-data");
    var canvas = document.getElementById("descent-chart");
    if (!data || !canvas || !window.Chart) return;
    var chart = JSON.parse(data.textContent);
    var low = chart.target_s - chart.tolerance_s;
    var high = chart.target_s + chart.tolerance_s;
    var colours = chart.descents_s.map(function (d) {
      return d < low ? "#e08a00" : d > high ? "#3a6fd8" : "#2e9e5b";
    });
    window.pushbackReport = {
      descent: new window.Chart(canvas, {
        data: {
          labels: chart.reps.map(function (r) { return t("Rep %(rep)s", { rep: r }); }),
          datasets: [
            { type: "bar", label: t("Way down (s)"), data: chart.descents_s, backgroundColor: colours },
            { type: "line", label: t("Target (s)"), data: chart.reps.map(function () { return chart.target_s; }),
              borderColor: "#0f766e", borderDash: [6, 4], pointRadius: 0 },
          ],
        },
        options: { responsive: true, maintainAspectRatio: false, animation: false,
                   scales: { y: { beginAtZero: true, title: { display: true, text: t("seconds") } } } },
      }),
    };
  }
  document.addEventListener("DOMContentLoaded", descentChart);
})();
