// Progressive enhancement for the comment form: "Antworten" moves the form under the comment
// being answered instead of loading ?antwort=… and puts the focus into the comment field;
// "Antwort abbrechen" (or Escape inside the moved form) puts the form back and returns the
// focus to the "Antworten" link that opened it. Without this script the links work as they are.
//
// A guest who ticked "Meinen Namen … speichern" finds name, e-mail and website filled in from
// the cookie gv_kommentator (set by the server after a successful comment, see
// comments/discussion/remember.py). The page itself never contains them: it is cached for
// every anonymous reader. Without this script the box stays hidden, since it could do nothing.
(function () {
  "use strict";

  var REMEMBER_COOKIE = "gv_kommentator";

  function readCookie(name) {
    var prefix = name + "=";
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i++) {
      if (parts[i].indexOf(prefix) === 0) {
        return parts[i].slice(prefix.length);
      }
    }
    return null;
  }

  function rememberedDetails() {
    var raw = readCookie(REMEMBER_COOKIE);
    if (!raw) {
      return null;
    }
    try {
      var details = JSON.parse(decodeURIComponent(raw));
      return details && typeof details === "object" ? details : null;
    } catch (error) {
      return null;
    }
  }

  // Offers the box, and fills the empty fields from the cookie (never over what is typed).
  function initRemember(form) {
    var box = form.querySelector("[data-remember]");
    if (!box) {
      return;
    }
    box.hidden = false;
    var details = rememberedDetails();
    if (!details) {
      return;
    }
    var fields = {
      author_name: details.name,
      author_email: details.email,
      author_website: details.website
    };
    var filled = false;
    Object.keys(fields).forEach(function (name) {
      var input = form.elements[name];
      if (input && !input.value && typeof fields[name] === "string" && fields[name]) {
        input.value = fields[name];
        filled = true;
      }
    });
    // A form shown again with the reader's input keeps their choice.
    var checkbox = box.querySelector("input[type=checkbox]");
    if (checkbox && filled) {
      checkbox.checked = true;
    }
  }

  function init() {
    var respond = document.getElementById("kommentar-formular");
    if (!respond) {
      return;
    }
    var form = respond.querySelector("form.comment-form");
    if (form) {
      initRemember(form);
    }
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

    // Escape inside a form moved under a comment cancels the reply (keyboard users).
    respond.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && opener && !event.defaultPrevented) {
        event.preventDefault();
        cancelReply();
      }
    });

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
