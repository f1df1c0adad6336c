"""A claim-and-process worker written the way the tutorial's Python reader would write one, with
the official clients only: it shares the TypeScript workers' subscription, Redis keys and topics,
so both kinds can run side by side on one pipeline. Test code, not product.

  claim    SET <prefix>:claim:<unit> <worker>:<token> NX PX <lease>  (the unit: bucket/object#generation)
  work     download that generation, replace the token, upload <object>.processed with
           if_generation_match=0 (a 412 means an earlier attempt already wrote it)
  finish   announce on `complete`, mark <prefix>:done:<unit> and drop the claim (token-checked), ack

Configuration comes from the usual variables: PUBSUB_EMULATOR_HOST, STORAGE_EMULATOR_HOST,
REDIS_URL, GOOGLE_CLOUD_PROJECT. Prints `python worker ready` once pulling; SIGTERM stops it
(exit 0) after the units in hand, with a JSON stats line on stderr."""

import argparse
from concurrent.futures import ThreadPoolExecutor
import datetime
import json
import os
import secrets
import signal
import sys
import threading
import time

import redis
from google.api_core import exceptions
from google.auth.credentials import AnonymousCredentials
from google.cloud import pubsub_v1, storage
from google.cloud.pubsub_v1.subscriber.scheduler import ThreadScheduler

# Token-checked steps: only the worker whose token is in the claim may extend, finish or release it.
EXTEND = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -3 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
"""
COMPLETE = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -3 end
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
redis.call('DEL', KEYS[1])
return 1
"""
RELEASE = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -3 end
redis.call('DEL', KEYS[1])
return 1
"""


class LeaseLost(Exception):
    pass


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--subscription", default="worker")
    p.add_argument("--processed-bucket", default="processed")
    p.add_argument("--processing-topic", default="processing")
    p.add_argument("--complete-topic", default="complete")
    p.add_argument("--key-prefix", default="devkit")
    p.add_argument("--worker-id", default=f"py-{os.getpid()}")
    p.add_argument("--find", default="---SVN---")
    p.add_argument("--replace", default="")
    p.add_argument("--lease-ms", type=int, default=30_000)
    p.add_argument("--done-ttl-ms", type=int, default=7 * 24 * 3600_000)
    p.add_argument("--concurrency", type=int, default=4)
    p.add_argument("--delay-ms", type=int, default=0, help="simulated extra work per unit")
    return p.parse_args()


class Worker:
    def __init__(self, args):
        self.args = args
        self.project = os.environ["GOOGLE_CLOUD_PROJECT"]
        self.redis = redis.Redis.from_url(os.environ["REDIS_URL"])
        self.extend_lease = self.redis.register_script(EXTEND)
        self.complete_unit = self.redis.register_script(COMPLETE)
        self.release_unit = self.redis.register_script(RELEASE)
        self.gcs = storage.Client(project=self.project, credentials=AnonymousCredentials())
        self.publisher = pubsub_v1.PublisherClient()
        self.subscriber = pubsub_v1.SubscriberClient()
        self.stats = {"completed": 0, "duplicate": 0, "failed": 0, "ignored": 0}
        self.stats_lock = threading.Lock()

    def count(self, outcome):
        with self.stats_lock:
            self.stats[outcome] += 1

    def key(self, kind, unit):
        return f"{self.args.key_prefix}:{kind}:{unit}"

    def announce(self, topic, event, attrs, unit):
        body = {
            "event": event,
            "unitKey": unit,
            "workerId": self.args.worker_id,
            "at": datetime.datetime.now(datetime.timezone.utc).isoformat(),
        }
        path = self.publisher.topic_path(self.project, topic)
        self.publisher.publish(
            path,
            json.dumps(body).encode(),
            bucketId=attrs["bucketId"],
            objectId=attrs["objectId"],
            objectGeneration=attrs["objectGeneration"],
            workerId=self.args.worker_id,
            unitKey=unit,
        ).result(timeout=30)

    def claim(self, unit, token):
        """SET NX PX; while someone else holds the unit, wait for their lease (or their done)."""
        claim_key, done_key = self.key("claim", unit), self.key("done", unit)
        while True:
            if self.redis.set(claim_key, token, nx=True, px=self.args.lease_ms):
                # Checked after claiming: a unit done before our SET is seen here, never missed.
                if self.redis.exists(done_key):
                    self.release_unit(keys=[claim_key], args=[token])
                    return False
                return True
            if self.redis.exists(done_key):
                return False
            remaining = self.redis.pttl(claim_key)
            time.sleep(min(max(remaining, 0) + 25, self.args.lease_ms) / 1000)

    def heartbeat(self, unit, token, stop):
        claim_key = self.key("claim", unit)
        while not stop.wait(self.args.lease_ms / 3000):
            self.extend_lease(keys=[claim_key], args=[token, self.args.lease_ms])

    def handle(self, message):
        attrs = dict(message.attributes)
        if attrs.get("eventType") != "OBJECT_FINALIZE":
            self.count("ignored")
            message.ack()
            return
        unit = f"{attrs['bucketId']}/{attrs['objectId']}#{attrs['objectGeneration']}"
        token = f"{self.args.worker_id}:{secrets.token_hex(8)}"
        if not self.claim(unit, token):
            self.count("duplicate")
            message.ack()
            return
        stop = threading.Event()
        beat = threading.Thread(target=self.heartbeat, args=(unit, token, stop), daemon=True)
        beat.start()
        claim_key = self.key("claim", unit)
        try:
            self.announce(self.args.processing_topic, "processing", attrs, unit)
            source = self.gcs.bucket(attrs["bucketId"]).blob(attrs["objectId"], generation=int(attrs["objectGeneration"]))
            text = source.download_as_bytes().decode("utf-8")
            if self.args.delay_ms:
                time.sleep(self.args.delay_ms / 1000)
            output = text.replace(self.args.find, self.args.replace)
            if self.extend_lease(keys=[claim_key], args=[token, self.args.lease_ms]) != 1:
                raise LeaseLost(unit)
            target = self.gcs.bucket(self.args.processed_bucket).blob(f"{attrs['objectId']}.processed")
            target.metadata = {"unitKey": unit, "workerId": self.args.worker_id}
            try:
                target.upload_from_string(
                    output, content_type="text/plain; charset=utf-8", if_generation_match=0
                )
            except exceptions.PreconditionFailed:
                pass  # an earlier attempt wrote it: the output is there, exactly once
            self.announce(self.args.complete_topic, "complete", attrs, unit)
            stop.set()
            if self.complete_unit(keys=[claim_key, self.key("done", unit)], args=[token, self.args.done_ttl_ms]) != 1:
                raise LeaseLost(unit)
            message.ack()
            self.count("completed")
        except Exception as err:  # noqa: BLE001 - any failure gives the unit back
            stop.set()
            self.release_unit(keys=[claim_key], args=[token])
            print(json.dumps({"msg": "unit failed", "unit": unit, "error": repr(err)}), file=sys.stderr, flush=True)
            self.count("failed")
            message.nack()
        finally:
            stop.set()
            beat.join()

    def run(self):
        path = self.subscriber.subscription_path(self.project, self.args.subscription)
        future = self.subscriber.subscribe(
            path,
            callback=self.handle,
            flow_control=pubsub_v1.types.FlowControl(max_messages=self.args.concurrency),
            scheduler=ThreadScheduler(executor=ThreadPoolExecutor(self.args.concurrency)),
        )
        stopping = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stopping.set())
        signal.signal(signal.SIGINT, lambda *_: stopping.set())
        print("python worker ready", flush=True)
        print(f"worker {self.args.worker_id}", flush=True)
        while not stopping.wait(0.2):
            if future.done():
                future.result()  # the stream failed: raise, exit non-zero
        future.cancel()
        try:
            future.result(timeout=30)
        except Exception:  # noqa: BLE001 - a cancelled stream ends with CancelledError
            pass
        self.subscriber.close()
        print(json.dumps({"msg": "worker stopped", "workerId": self.args.worker_id, **self.stats}), file=sys.stderr, flush=True)


if __name__ == "__main__":
    Worker(parse_args()).run()
