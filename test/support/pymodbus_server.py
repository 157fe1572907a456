"""A Modbus server on Debian's python3-pymodbus (an implementation nobody on this project wrote), for tests.

    /usr/bin/python3 pymodbus_server.py tcp PORT UNITS
    /usr/bin/python3 pymodbus_server.py rtu PATH BAUD UNITS

UNITS is a comma-separated list of unit ids, each with its own memory. It prints {"ready": true} once
it serves, then takes one JSON command per line on stdin and answers each with {"id": n, ...}:

    {"id": 1, "set": [unit, "hr", address, [values]]}   tables: hr, ir, co, di
    {"id": 2, "get": [unit, "hr", address, count]}      -> {"id": 2, "values": [...]}
    {"id": 3, "silent": [unit, true]}                   the unit stops answering (false: answers again)

It stops when stdin closes (the test ended or died), so it never outlives its test.
"""
import asyncio
import json
import logging
import sys

from pymodbus.datastore import ModbusServerContext, ModbusSequentialDataBlock, ModbusSlaveContext
from pymodbus.server.async_io import ModbusSerialServer, ModbusTcpServer
from pymodbus.transaction import ModbusRtuFramer, ModbusSocketFramer

logging.basicConfig(level=logging.CRITICAL)
FUNCTION_OF_TABLE = {"co": 1, "di": 2, "hr": 3, "ir": 4}


def unit_memory():
    # zero_mode: protocol address 0 is the first value of each block (pymodbus otherwise shifts by one).
    return ModbusSlaveContext(
        co=ModbusSequentialDataBlock(0, [False] * 65536),
        di=ModbusSequentialDataBlock(0, [False] * 65536),
        hr=ModbusSequentialDataBlock(0, [0] * 65536),
        ir=ModbusSequentialDataBlock(0, [0] * 65536),
        zero_mode=True,
    )


def answer(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


async def commands(context, units):
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    silenced = {}
    while True:
        line = await reader.readline()
        if not line:
            return
        command = json.loads(line)
        reply = {"id": command.get("id")}
        try:
            if "set" in command:
                unit, table, address, values = command["set"]
                units[unit].setValues(FUNCTION_OF_TABLE[table], address, values)
            elif "get" in command:
                unit, table, address, count = command["get"]
                reply["values"] = units[unit].getValues(FUNCTION_OF_TABLE[table], address, count)
            elif "silent" in command:
                unit, on = command["silent"]
                if on and unit not in silenced:
                    silenced[unit] = context[unit]
                    del context[unit]
                elif not on and unit in silenced:
                    context[unit] = silenced.pop(unit)
            else:
                reply["error"] = f"unknown command {line!r}"
        except Exception as error:  # the test reads the reason
            reply["error"] = repr(error)
        answer(reply)


async def main(argv):
    kind = argv[1]
    units = {int(u): unit_memory() for u in argv[-1].split(",")}
    context = ModbusServerContext(slaves=dict(units), single=False)
    if kind == "tcp":
        server = ModbusTcpServer(context, framer=ModbusSocketFramer, address=("127.0.0.1", int(argv[2])), ignore_missing_slaves=True)
        serving = asyncio.create_task(server.serve_forever())
        await server.serving
    elif kind == "rtu":
        server = ModbusSerialServer(context, framer=ModbusRtuFramer, port=argv[2], baudrate=int(argv[3]), ignore_missing_slaves=True)
        await server.start()
        serving = None
    else:
        raise SystemExit(f"usage: {argv[0]} tcp PORT UNITS | rtu PATH BAUD UNITS")
    answer({"ready": True})
    await commands(context, units)
    await server.shutdown()
    if serving is not None:
        serving.cancel()


if __name__ == "__main__":
    asyncio.run(main(sys.argv))
