"""Writes test/reference/torch-mlp.safetensors and torch-mlp.json: the state_dicts
of two torch.nn.Sequential MLPs (PyTorch 1.13, float64) in the safetensors layout,
and their outputs on fixed inputs, for optlab's interop test. Run from the
repository root with Debian's python3-torch: /usr/bin/python3 test/reference/scripts/torch_state_dict.py
(The `safetensors` Python package is not in Debian; the file is written by the
format's definition: u64 header length, JSON header, raw little-endian bytes.)"""
import json, struct
import torch

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)
nets = {
    'tanh': torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(), torch.nn.Linear(4, 2)),
    'bn': torch.nn.Sequential(torch.nn.Linear(3, 5, bias=False), torch.nn.BatchNorm1d(5, eps=1e-8),
                              torch.nn.ReLU(), torch.nn.Linear(5, 2)),
}
bn = nets['bn'][1]
with torch.no_grad():
    bn.weight.uniform_(0.5, 1.5); bn.bias.uniform_(-0.5, 0.5)
    bn.running_mean.uniform_(-0.3, 0.3); bn.running_var.uniform_(0.5, 2.0)
x = torch.randn(6, 3)
out = {'inputs': x.tolist(), 'outputs': {}}
for name, net in nets.items():
    net.eval()
    out['outputs'][name] = net(x).tolist()
    header, blobs, offset = {}, [], 0
    for k, v in net.state_dict().items():
        b = v.numpy().astype('<f8' if v.dtype == torch.float64 else '<i8').tobytes()
        header[k] = {'dtype': 'F64' if v.dtype == torch.float64 else 'I64', 'shape': list(v.shape),
                     'data_offsets': [offset, offset + len(b)]}
        blobs.append(b); offset += len(b)
    h = json.dumps(header).encode()
    h += b' ' * ((8 - (8 + len(h)) % 8) % 8)
    with open(f'test/reference/torch-mlp-{name}.safetensors', 'wb') as f:
        f.write(struct.pack('<Q', len(h)) + h + b''.join(blobs))
with open('test/reference/torch-mlp.json', 'w') as f:
    json.dump({'source': 'PyTorch 1.13 torch.nn.Sequential, eval mode, float64 (test/reference/scripts/torch_state_dict.py)', **out}, f)
