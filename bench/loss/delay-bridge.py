"""
A two-port Ethernet bridge that holds every frame DELAY_MS before passing it on, each way:
the one-way delay of the loss bench's link (bench/loss/net.sh), because this kernel has no
netem. Frames keep their order (a constant delay never reorders). Raw AF_PACKET sockets, so the
TCP connection across it is end to end and sees the delay in its round trip.

    python3 delay-bridge.py IFACE_A IFACE_B DELAY_MS
"""
import collections
import select
import socket
import sys
import time

ETH_P_ALL = 0x0003
PACKET_IGNORE_OUTGOING = 23
SOL_PACKET = 263


def open_port(name: str) -> socket.socket:
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.setsockopt(SOL_PACKET, PACKET_IGNORE_OUTGOING, 1)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    s.bind((name, 0))
    s.setblocking(False)
    return s


def main() -> None:
    a, b, delay_ms = sys.argv[1], sys.argv[2], float(sys.argv[3])
    delay = delay_ms / 1000
    port_a, port_b = open_port(a), open_port(b)
    other = {port_a: port_b, port_b: port_a}
    # One queue per direction: (due, frame), due in order.
    queues = {port_a: collections.deque(), port_b: collections.deque()}
    print("ready", flush=True)
    while True:
        now = time.monotonic()
        for out, q in queues.items():
            while q and q[0][0] <= now:
                _, frame = q.popleft()
                try:
                    out.send(frame)
                except OSError:
                    pass  # a frame the link cannot take is a frame lost, as on a real link
        due = [q[0][0] for q in queues.values() if q]
        timeout = max(0.0, min(due) - time.monotonic()) if due else None
        readable, _, _ = select.select([port_a, port_b], [], [], timeout)
        arrived = time.monotonic()
        for s in readable:
            while True:
                try:
                    frame = s.recv(65536)
                except BlockingIOError:
                    break
                queues[other[s]].append((arrived + delay, frame))


if __name__ == "__main__":
    main()
