"""The preview server's answer to a port that is taken."""

from generator.publish.serve_http import busy_port_message


def test_busy_port_message_suggests_the_free_port_or_port_0():
    assert busy_port_message("127.0.0.1", 8000, 8001).endswith("try --port 8001")
    assert "--port 0" in busy_port_message("127.0.0.1", 8000, None)
