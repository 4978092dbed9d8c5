from flask import Flask, abort, jsonify

admin = Flask(__name__)


# Mistake: Werkzeug's `abort(405)` without `valid_methods` sends no `Allow` (RFC 9110 §15.5.6).
@admin.route("/reports", methods=["GET", "POST"])
def reports():
    abort(405)


# Mistake: a body on a 204; Werkzeug drops it (RFC 9110 §15.3.5).
@admin.route("/cache", methods=["DELETE"])
def clear_cache():
    return jsonify(cleared=True), 204


# Correct: an empty body on 204.
@admin.route("/sessions", methods=["DELETE"])
def clear_sessions():
    return "", 204
