# Views calling the helpers of `shop.lib`.
from flask import Blueprint

from shop.lib.responses import challenge, error_response, maybe
from ..lib import responses
from ..lib.responses import Forbidden

orders = Blueprint("orders", __name__)


@orders.route("/orders/<int:order_id>")
def show(order_id):
    if order_id == 0:
        return error_response("log in", 401)
#                                       ^^^ missing-www-authenticate
#   note: built by responses::error_response at src/shop/lib/responses.py:7
    if order_id == 1:
        responses.fail(405)
#                      ^^^ missing-allow
#   note: built by responses::fail at src/shop/lib/responses.py:15
    if order_id == 2:
        raise Forbidden()
#             ^^^^^^^^^^^ missing-www-authenticate
#   note: status set by responses::Forbidden at src/shop/lib/responses.py:26
    return {"id": order_id}


@orders.route("/orders/<int:order_id>/quiet")
def quiet(order_id, status=401):
    # ok(missing-www-authenticate): the challenge is sent, the status is unknown, or the helper is unread
    if order_id == 0:
        return challenge("log in", 401)
    if order_id == 1:
        return error_response("log in", status)
    return maybe("log in", 401)


def report(order_id):
    # ok(missing-www-authenticate): not a view
    return error_response("log in", 401)
