# Helpers that build a response from the status they are given, and error classes.
from flask import abort, jsonify, make_response
from werkzeug.exceptions import HTTPException


def error_response(message, status):
    return jsonify({"error": message}), status


def challenge(message, status):
    return jsonify({"error": message}), status, {"WWW-Authenticate": 'Basic realm="shop"'}


def fail(status):
    abort(status)


def maybe(message, status):
    # ok(missing-www-authenticate): not every value it returns is a response with that status
    if not message:
        return None
    return make_response(jsonify({"error": message}), status)


class Forbidden(HTTPException):
    code = 401
    description = "log in first"
