// Progressive enhancement for the comment form: "Antworten" moves the form under the comment
// being answered instead of loading ?antwort=… and puts the focus into the comment field;
// "Antwort abbrechen" puts the form back and returns the focus to the "Antworten" link that
// opened it. Without this script the links work as they are.
(function () {
  "use strict";

  function init() {
    var respond = document.getElementById("kommentar-formular");
    if (!respond) {
      return;
    }
    var form = respond.querySelector("form.comment-form");
    var parentField = form && form.querySelector("input[name=parent]");
    var title = document.getElementById("kommentar-formular-titel");
    var cancel = respond.querySelector(".comment-cancel-reply");
    if (!parentField || !title || !cancel) {
      return;
    }
    // Marks the form's home below the comments, to return to when a reply is cancelled.
    var home = document.createElement("div");
    home.hidden = true;
    respond.parentNode.insertBefore(home, respond);

    // The "Antworten" link that opened the form, to return to when the reply is cancelled.
    var opener = null;

    function replyTo(link) {
      var article = document.getElementById("kommentar-" + link.dataset.replyTo);
      if (!article) {
        return false;
      }
      opener = link;
      article.parentNode.insertBefore(respond, article.nextSibling);
      parentField.value = link.dataset.replyTo;
      title.textContent = title.dataset.replyTitle + " " + link.dataset.author;
      cancel.hidden = false;
      var body = form.querySelector("textarea");
      if (body) {
        body.focus({ preventScroll: true });
        respond.scrollIntoView({ block: "nearest" });
      }
      return true;
    }

    function cancelReply() {
      home.parentNode.insertBefore(respond, home.nextSibling);
      parentField.value = "";
      title.textContent = title.dataset.defaultTitle;
      cancel.hidden = true;
      // Back to where the reader was; the link may be gone if the page changed meanwhile.
      var back = opener && document.contains(opener) ? opener : null;
      opener = null;
      if (back) {
        back.focus();
      } else {
        var body = form.querySelector("textarea");
        if (body) {
          body.focus();
        }
      }
    }

    document.addEventListener("click", function (event) {
      var link = event.target.closest("a.comment-reply, a[data-cancel-reply]");
      if (!link) {
        return;
      }
      if (link.matches("a[data-cancel-reply]")) {
        event.preventDefault();
        cancelReply();
      } else if (replyTo(link)) {
        event.preventDefault();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
