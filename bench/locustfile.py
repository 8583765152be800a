"""Locust users for bench/load.py: focal points submitting, committee members reading.

Each NFP user logs in as its own country's focal point (nfp001, nfp002, ... handed out in
order), waits until all of them are logged in, then opens the needs-assessment form, saves a
draft with two training needs, submits it, and idles. Each committee user logs in and
refreshes the dashboard until the run ends.
"""

import itertools
import os
import re

from gevent.event import Event
from locust import HttpUser, between, events, task

PASSWORD = os.environ["LOAD_PASSWORD"]
ROUND = os.environ["LOAD_ROUND"]
LOOKUPS = dict(part.split("=") for part in os.environ["LOAD_LOOKUPS"].split(","))
_nfp_numbers = itertools.count(1)
_stc_numbers = itertools.count(1)
_INPUT = re.compile(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"')

NFP_COUNT = int(os.environ.get("LOAD_NFPS", "133"))
submitted = {"ok": 0, "failed": 0}
logged_in = {"count": 0}
# Logins are CPU-bound password hashing; the submissions start together once every focal point
# is logged in, so their latencies measure 133 concurrent submissions, not the login queue.
all_logged_in = Event()


def _hidden_fields(html):
    return dict(_INPUT.findall(html))


def _login(user, username):
    page = user.client.get("/accounts/login/", name="login page")
    token = _hidden_fields(page.text).get("csrfmiddlewaretoken", "")
    user.client.post(
        "/accounts/login/",
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        name="login",
    )


class FocalPoint(HttpUser):
    weight = 133
    wait_time = between(0.5, 1.5)

    def on_start(self):
        self.username = f"nfp{next(_nfp_numbers):03d}"
        self.done = False
        _login(self, self.username)
        logged_in["count"] += 1
        if logged_in["count"] >= NFP_COUNT:
            all_logged_in.set()
        all_logged_in.wait()

    def _post_form(self, *, submit):
        url = f"/needs/rounds/{ROUND}/response/"
        page = self.client.get(url, name="needs form")
        fields = _hidden_fields(page.text)
        data = {
            "csrfmiddlewaretoken": fields.get("csrfmiddlewaretoken", ""),
            "submission_key": fields.get("submission_key", ""),
            "existing_capacities": f"Capacities of {self.username}",
            "ongoing_initiatives": "NBSAP review",
            "constraints_and_gaps": "Few trained staff",
            "version": fields.get("version", ""),
            "needs-TOTAL_FORMS": "2",
            # After the draft the form lists the two stored needs: send them back with their ids.
            "needs-INITIAL_FORMS": fields.get("needs-INITIAL_FORMS", "0"),
            "needs-MIN_NUM_FORMS": "0",
            "needs-MAX_NUM_FORMS": "1000",
        }
        for n in range(2):
            data.update(
                {
                    f"needs-{n}-topic": LOOKUPS["topic"],
                    f"needs-{n}-priority": str(5 - n),
                    f"needs-{n}-urgency": "2",
                    f"needs-{n}-scope": "national",
                    f"needs-{n}-training_type": LOOKUPS["training_type"],
                    f"needs-{n}-target_group": LOOKUPS["target_group"],
                    f"needs-{n}-language": LOOKUPS["language"],
                    f"needs-{n}-expected_trainees": "25",
                    f"needs-{n}-note": "",
                }
            )
            if fields.get(f"needs-{n}-id"):
                data[f"needs-{n}-id"] = fields[f"needs-{n}-id"]
        if submit:
            data["submit"] = "1"
        name = "needs submit" if submit else "needs save draft"
        with self.client.post(url, data, name=name, catch_response=True) as response:
            if response.status_code != 200 or "errorlist" in response.text:
                response.failure(f"{name}: HTTP {response.status_code}")
                return False
        return True

    @task
    def submit_needs_assessment(self):
        if self.done:
            return
        ok = self._post_form(submit=False) and self._post_form(submit=True)
        submitted["ok" if ok else "failed"] += 1
        self.done = True


class CommitteeMember(HttpUser):
    weight = 7
    wait_time = between(1, 2)

    def on_start(self):
        _login(self, f"stc{next(_stc_numbers):02d}")

    @task
    def refresh_dashboard(self):
        self.client.get("/evaluation/dashboard/", name="dashboard")


@events.quitting.add_listener
def _report(environment, **kwargs):
    print(f"NFP flows completed: {submitted['ok']}, failed: {submitted['failed']}")
