# Prototype for relocation-in-shares.md §2.6/§7: a pool (power band [64,256) of the universal Pareto tail in
# phi^(sigma-1)) fitted to the exact count and mass of its inflow with the TOP fixed at the band edge;
# serving shares above host cut-offs tau, fit vs truth, for single and mixed inflow cut-offs.
beta=3/3.2; a=1/beta
def cnt(p1,p2): return p1**-a-p2**-a
def mass(p1,p2): return (a/(a-1))*(p1**(1-a)-p2**(1-a))
t=64.0; top=4*t
def fitbottom(C,Mm):
    mean=Mm/C; L,H=1.0,top*0.9999999
    for _ in range(200):
        B=(L*H)**0.5
        if mass(B,top)/cnt(B,top)<mean: L=B
        else: H=B
    return B
cases={'single [96,256)':[(96,1.0)],'single [192,256)':[(192,1.)],
       'mix [64,256)+[160,256) 1:1 by share':[(64,.5),(160,.5)],
       'mix [64,256)x0.2+[128,256)x1':[(64,.2),(128,1.)],
       'mix 3 cutoffs 70/120/200':[(70,1.),(120,1.),(200,1.)]}
for name,parts in cases.items():
    C=sum(w*cnt(lo,top) for lo,w in parts); Mm=sum(w*mass(lo,top) for lo,w in parts)
    B=fitbottom(C,Mm)
    out=[]
    for tau in [100,160,220]:
        tf=sum(w*cnt(max(tau,lo),top) for lo,w in parts)/C
        tm=sum(w*mass(max(tau,lo),top) for lo,w in parts)/Mm
        ff=cnt(max(tau,B),top)/cnt(B,top); fm=mass(max(tau,B),top)/mass(B,top)
        out.append(f"tau={tau}: true {tf:.3f}/{tm:.3f} fit {ff:.3f}/{fm:.3f}")
    print(name, f"bottom={B:.0f}", '; '.join(out))

print('--- bottom fixed at the band edge instead (top fitted):')
# # continuous Pareto in power p: count density ∝ p^(-1/beta-1); rank x ∝ p^(-1/beta)
beta=3/3.2; a=1/beta
def cnt(p1,p2): return p1**-a-p2**-a           # firms with power in [p1,p2)
def mass(p1,p2): return (a/(a-1))*(p1**(1-a)-p2**(1-a))
t=64.0
for lo_in in [64,96,128,192]:          # inflow = all firms in [lo_in, 4t)
    C=cnt(lo_in,4*t); Mm=mass(lo_in,4*t); mean=Mm/C
    # fit: band [bottom=t, top=T] with mean = target (bisection on T)
    L,H=t*1.0000001,1e12
    for _ in range(200):
        T=(L*H)**0.5
        if mass(t,T)/cnt(t,T)<mean: L=T
        else: H=T
    for tau in [100,160,220]:
        true=(cnt(max(tau,lo_in),4*t)/C if tau<4*t else 0, mass(max(tau,lo_in),4*t)/Mm)
        fit=(cnt(tau,T)/cnt(t,T), mass(tau,T)/mass(t,T))
        print(f"inflow[{lo_in},{4*t:.0f}) fitTop={T:.0f} tau={tau}: true firms/mass {true[0]:.3f}/{true[1]:.3f} fit {fit[0]:.3f}/{fit[1]:.3f}")
