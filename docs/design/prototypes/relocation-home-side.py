# Prototype for docs/design/relocation-in-shares.md: moving r*P of a stratum's exporters each month with the
# stratum refitted to its exact remaining firms and mass (top rank + density), against the fine limit
# (every exporting rank thinned by (1-q) a month). Also uniform thinning (bounds kept) for contrast.
# Pure Python, ~1 min. beta=(sigma-1)/k=3/3.2; M=166,000 (China labor-intensive); exporters = top 40 % / 5 %.
import numpy as np, math
beta=3/3.2
T=1<<16
terms=np.array([0.0]+[(j-0.5)**-beta for j in range(1,T+1)])
pref=np.cumsum(terms)
def H(x):
    if x<=T:
        w=int(x); f=x-w
        if w>=T: return pref[T]
        return pref[w]+f*terms[w+1]
    integ=(x**(1-beta)-T**(1-beta))/(1-beta)
    d=lambda t:-beta*t**(-beta-1)
    return pref[T]+integ-(d(x)-d(T))/24
def strata(M,N):
    tot=H(M); share=lambda x:0.5*x/M+0.5*H(x)/tot
    b=[0.0]
    for r in range(1,N):
        lo,hi=b[-1],M; tgt=r/N
        for _ in range(64):
            mid=0.5*(lo+hi)
            if share(mid)<tgt: lo=mid
            else: hi=mid
        b.append(0.5*(lo+hi))
    b.append(M); return b
def meanpow(x,b,M): return M**beta*(H(b)-H(x))/(b-x)
def fit(count,mass,b,M,lo):
    # find top in [lo,b) with mean power = mass/count
    target=mass/count
    a,c=lo,b
    if meanpow(a,b,M)<=target: return a
    for _ in range(100):
        m=0.5*(a+c)
        if meanpow(m,b,M)>target: a=m
        else: c=m
    return 0.5*(a+c)
def above(top,b,M,xt):
    # share of firms & mass of [top,b] above rank xt (exporters: ranks < xt)
    x=min(max(xt,top),b)
    return (x-top)/(b-top), (H(x)-H(top))/(H(b)-H(top))
def run(M,N,xt,q,months):
    bd=strata(M,N)
    S=[[bd[i],bd[i+1],bd[i+1]-bd[i],M**beta*(H(bd[i+1])-H(bd[i]))] for i in range(N)]
    mc=mm=0; out=[]
    for t in range(months):
        for s in S:
            top,b,w,ms=s
            if w<=0 or b-top<=0: continue
            ef,em=above(top,b,M,xt)
            if ef<=0: continue
            dc=q*ef*w; dm=q*em*ms
            mc+=dc; mm+=dm
            w2=w-dc; m2=ms-dm
            s[0]=fit(w2,m2,b,M,top); s[2]=w2; s[3]=m2
        out.append((mc,mm))
    return out
M=166000.; xt=0.4*M; q=0.025; months=60
exact_c=lambda t:(1-(1-q)**t)*xt
exact_m=lambda t:(1-(1-q)**t)*M**beta*H(xt)
for N in [5,53,600]:
    o=run(M,N,xt,q,months)
    for t in [12,36,60]:
        c,m=o[t-1]
        print(N,t,'count/exact %.4f'%(c/exact_c(t)),'mass/exact %.4f'%(m/exact_m(t)))
print('--- uniform thinning (bounds kept), and x_tau = 0.05 M with fit')
def run_thin(M,N,xt,q,months):
    bd=strata(M,N); mc=0
    S=[[bd[i],bd[i+1],bd[i+1]-bd[i]] for i in range(N)]
    for t in range(months):
        for s in S:
            top,b,w=s; ef,em=above(top,b,M,xt)
            dc=q*ef*w; mc+=dc; s[2]=w-dc
    return mc
for N in [5,53,600]:
    print('thin',N, '%.4f'%(run_thin(M,N,xt,q,60)/exact_c(60)))
xt2=0.05*M
exact_c2=lambda t:(1-(1-q)**t)*xt2
for N in [5,53,600]:
    o=run(M,N,xt2,q,60); c,m=o[-1]
    print('fit tau5%',N,'%.4f'%(c/exact_c2(60)),'%.4f'%(m/((1-(1-q)**60)*M**beta*H(xt2))))
