#!/usr/bin/env python3
"""Compares two sweeps cell by cell: the categorical columns (branch_status, verdict, certificate,
attractor, from_*) must be identical; prints the cells that differ, the largest relative differences
of the numeric columns, and the mean cell time of each.

    python3 Benchmarks/compare_sweeps.py OLD/cells.csv NEW/cells.csv
"""
import csv, sys, statistics
def load(p): return list(csv.DictReader(l for l in open(p) if not l.startswith('#')))
a=load(sys.argv[1]); c=load(sys.argv[2])
assert len(a)==len(c)
for name,r in (('old',a),('new',c)):
  s=[float(x['seconds']) for x in r]; ni=[int(x['newton_iterations']) for x in r]
  print(name, 'mean s %.2f ms'%(1000*statistics.mean(s)), 'median %.2f'%(1000*statistics.median(s)), 'newton mean %.2f'%statistics.mean(ni))
cols=[k for k in a[0] if k in ('branch_status','verdict','certificate','attractor') or k.startswith('from_') or k=='literature_euler']
diff={k:[] for k in cols+['fold_delta','boundary_delta']}
rel=lambda u,v: abs(float(u)-float(v))/max(abs(float(u)),1e-300)
mx={'spectral_abscissa':0,'residual':0,'first_order_error':0,'fold_delta':0,'boundary_delta':0,'branch_t':0}
for x,y in zip(a,c):
  for k in cols:
    if x[k]!=y[k]: diff[k].append(x['cell'])
  for k in mx:
    if x[k] and y[k] and x[k]!='nan':
      if k=='residual':  # the largest finite residual of NEW (lost cells have none)
        if float(y[k]) < float('inf'): mx[k]=max(mx[k], float(y[k]))
      else: mx[k]=max(mx[k], rel(x[k],y[k]))
    elif x[k]!=y[k]: diff.setdefault(k,[]).append(x['cell'])
print({k:v for k,v in diff.items()})
print('max relative differences (residual: the largest finite residual of NEW)', mx)
