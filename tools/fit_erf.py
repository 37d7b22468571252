# How the float erf/erfc coefficients in saturn.engine.kernel.FloatMath were fitted
# (least squares against mpmath at 40 digits). Not part of the build or the tests;
# kept so the constants can be re-derived: python3 tools/fit_erf.py (needs numpy, mpmath).
import numpy as np, mpmath as mp
mp.mp.dps = 40
def cheb(a,b,n): 
    k=np.arange(n); return (a+b)/2+(b-a)/2*np.cos((2*k+1)*np.pi/(2*n))
def fit(xs, fs, basis, w, deg):
    A=np.array([[basis(x)**j for j in range(deg+1)] for x in xs])*w[:,None]
    c,*_=np.linalg.lstsq(A, fs*w, rcond=None); return c
# region A: erf(x)/x = P(x^2), x in [0,1]
for deg in [6,7,8]:
    xs=cheb(0,1,400); xs=np.abs(xs)+1e-9
    f=np.array([float(mp.erf(x)/x) for x in xs])
    c=fit(xs**2,f,lambda s:s,1/f,deg)
    xt=np.linspace(1e-6,1,5000); ft=np.array([float(mp.erf(x)/x) for x in xt])
    p=np.polyval(c[::-1],xt**2); print('A',deg,np.max(np.abs(p/ft-1)))
# region B: erfc(x) x e^{x^2} = Q(u), u=1/x
for (lo,hi) in [(1,10.1),(1,2.5),(2.5,10.1)]:
  for deg in [8,10,12]:
    us=cheb(1/hi,1/lo,600)
    f=np.array([float(mp.erfc(1/u)*(1/u)*mp.exp(1/u**2)) for u in us])
    c=fit(us,f,lambda u:u,1/f,deg)
    ut=np.linspace(1/hi,1/lo,5000); ft=np.array([float(mp.erfc(1/u)*(1/u)*mp.exp(1/u**2)) for u in ut])
    p=np.polyval(c[::-1],ut); print('B',lo,hi,deg,np.max(np.abs(p/ft-1)), np.max(np.abs(c)))
print("----")
xs=np.abs(cheb(0,1,400))+1e-9
f=np.array([float(mp.erf(x)/x) for x in xs]); cA=fit(xs**2,f,lambda s:s,1/f,6)
us=cheb(1/10.1,1,800); f=np.array([float(mp.erfc(1/u)*(1/u)*mp.exp(1/u**2)) for u in us]); cB=fit(us,f,lambda u:u,1/f,12)
cA32=cA.astype(np.float32); cB32=cB.astype(np.float32)
def horner32(c,x):
    p=np.float32(c[-1])
    for a in c[-2::-1]: p=np.float32(np.float32(p*x)+a)
    return p
xt=np.linspace(1e-6,1,3000).astype(np.float32)
e=[abs(float(horner32(cA32,np.float32(x*x))*x)/float(mp.erf(float(x)))-1) for x in xt]; print('A32',max(e))
ut=np.linspace(1/10.1,1,3000).astype(np.float32)
e=[abs(float(horner32(cB32,u))/float(mp.erfc(1/float(u))*(1/float(u))*mp.exp(1/float(u)**2))-1) for u in ut]; print('B32',max(e))
print('A',[repr(float(np.float32(c))) for c in cA])
print('B',[repr(float(np.float32(c))) for c in cB])
print("====")
for (lo,hi,deg) in [(1,2.5,8),(1,2.5,9),(2.5,10.1,8),(2.5,10.1,7)]:
    us=cheb(1/hi,1/lo,800); f=np.array([float(mp.erfc(1/u)*(1/u)*mp.exp(1/u**2)) for u in us]); c=fit(us,f,lambda u:u,1/f,deg)
    c32=c.astype(np.float32)
    ut=np.linspace(1/hi,1/lo,3000).astype(np.float32)
    e=[abs(float(horner32(c32,u))/float(mp.erfc(1/float(u))*(1/float(u))*mp.exp(1/float(u)**2))-1) for u in ut]; print('B32',lo,hi,deg,max(e))
    print([repr(float(np.float32(x))) for x in c])
