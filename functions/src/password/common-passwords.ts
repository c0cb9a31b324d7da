/**
 * Passwords that appear at the top of public leaked-password lists (SecLists: xato-net 10 million
 * top 10,000, darkweb2017 top 10,000, 10k-most-common; plus common German, French and Spanish
 * ones), lower-cased and only those of 8+ characters: shorter ones fail the length rule anyway.
 * Lookups lower-case the candidate first, so "Password1" is caught by "password1".
 */
const LIST = `
password 12345678 123456789 qwertyuiop iloveyou password1 sunshine princess football baseball
welcome1 trustno1 1q2w3e4r qwerty123 abc12345 passw0rd superman starwars letmein1 zaq12wsx
11111111 00000000 88888888 987654321 1234567890 qazwsxedc asdfghjkl monkey123 dragon123 liverpool
chelsea1 michelle jennifer computer whatever corvette mercedes mustang1 internet samsung1 pokemon1
minecraft charlie1 shadow12 master123 q1w2e3r4t5 1qaz2wsx pass1234 admin123 changeme letmein!
samantha maverick steelers 123123123 qwer1234 hardcore q1w2e3r4 midnight bigdaddy victoria
cocacola marlboro asdfasdf 87654321 12344321 jordan23 jonathan danielle abcd1234 scorpion slipknot
startrek 12341234 redskins butthead qwertyui dolphins nicholas elephant mountain xxxxxxxx
1q2w3e4r5t creative rush2112 asdfghjk 4815162342 1qazxsw2 garfield 69696969 december 11223344
godzilla airborne lifehack brooklyn platinum darkness blink182 789456123 12qwaszx snowball
pakistan redwings nintendo guinness november asdf1234 lasvegas babygirl dickhead 12121212
147258369 explorer snickers metallica paradise kimberly carolina poohbear 0987654321 bollocks
qweasdzxc drowssap caroline spitfire maryjane champion svetlana 12345qwert patricia aaaaaaaa
security stargate simpsons scarface 123456789a 1234554321 cherokee veronica semperfi scotland
marshall qwerty12 alexander softball passport franklin 55555555 wildcats brittany bulldogs
patriots motorola colorado ncc1701d 123654789 panthers 741852963 1111111111 loverboy 147852369
american alexandr 123456789q 99999999 22222222 1029384756 password123 a1b2c3d4 qazwsx123
basketball zeppelin 21122112 icecream darkstar hellfire fireball swordfish abcdefgh airforce
srinivas bluebird presario wrangler precious harrison goldfish 123qweasdzxc wordpass 31415926
999999999 testtest microsoft devildog valentina butterfly lonewolf babydoll atlantis angelina
hotstuff mistress deftones cadillac 1234abcd birthday cavalier veronika goldberg 12345678910
wolfgang manchester sweetpea 13131313 freedom1 fredfred kathleen hamilton 1qaz2wsx3edc buckeyes
0123456789 diamonds morpheus 66666666 thuglife napoleon highland consumer wrinkle1 11235813
elizabeth sherlock marathon babylon5 ultimate superfly q1w2e3r4t5y6 portugal concrete 123454321
jessica1 geronimo 14789632 qazxswedc kingkong adgjmptw 1123581321 margaret bluemoon lollipop
personal morrison aleksandr fernando christian dietcoke cooldude werewolf punkrock giovanni
blackcat a1234567 zzzzzzzz stocking matthew1 44444444 makaveli anthony1 111222333 satan666
columbia infantry eternity vanhalen seinfeld squirrel wolverine megadeth 1q2w3e4r5t6y 147896325
stardust skittles qwerty12345 123321123 sandiego punisher intrepid starcraft 192837465 blackdog
25802580 slapshot ekaterina 123698745 1234512345 chargers warriors coltrane tacobell penelope
1a2b3c4d 19841984 12369874 stranger halflife kangaroo blackman panasonic christine beautiful
meridian lonestar kittycat goodluck crusader 12312312 guardian discover catalina 1122334455
angelica johnjohn scarlett santiago lowrider anastasia vacation sithlord ragnarok keyboard
19921992 11112222 penguins lorraine titleist rootbeer magnolia dodgeram aspirine 1234567q redalert
qqqqqqqq munchkin mersedes imperial blueeyes sebastian research national rammstein katerina
freckles caliente director qazwsxedcrfv oblivion mustangs margarita deadhead zxcv1234 porkchop
formula1 a1s2d3f4 23232323 peterpan martinez justdoit goodtime alexandra sapphire richmond
thankyou springer kingston brucelee 123456qwerty spectrum labrador stephanie commando amsterdam
webmaster monopoly infiniti 19871987 0000000000 sailboat richard1 rosemary godsmack cosworth
19891989 qwerty123456 frontier asshole1 15426378 snuggles qwertyuio mandingo beefcake beatrice
111111111 whocares scooter1 doberman 5555555555 valhalla terminator oklahoma ncc1701a keystone
19751975 doughboy achilles charlotte patrick1 deeznuts cowboys1 9876543210 vkontakte phillies
jeremiah dilligaf 19851985 technics september maryland kentucky hastings agent007 19911991
california bearbear 73501505 enterprise flamingo microlab 19941994 19781978 truelove nebraska
meatball diamond1 military macdaddy warhammer universe sentinel kamikaze handsome designer
australia 321654987 1qaz1qaz lifetime superstar ssssssss meatloaf 123456789z woofwoof front242
bigmoney azsxdcfv terminal lancelot starbuck gordon24 brandon1 rightnow lionking charlton 19931993
19901990 poiuytrewq holyshit passwort japanese 21212121 wildfire sexygirl chocolate arsenal1
19831983 happyday 19951995 13243546 123456aa treasure theodore raiders1 gretchen ericsson albatros
zxcasdqwe mikemike michaela trinidad greenbay greatone fordf150 applepie 963852741 18436572
lisalisa hardrock dinosaur pa55w0rd rastaman hellyeah hollywood football1 hyperion 609609609
roadkill kingfish billyboy 1qa2ws3ed 123789456 tunafish saratoga robotech rasputin rangers1
passwords nwo4life megapass hedgehog davidson anaconda 20102010 12131415 vladislav splinter
karolina 789789789 tommyboy passpass majestic asdasdasd broadway sunnyday snoopdog chainsaw
canadian brighton christopher chicken1 bullseye babyblue attitude 10203040 solution godfather
clarinet superman1 19721972 19691969 r2d2c3po mechanic mamapapa 20002000 lkjhgfdsa westwood
sneakers jamesbond flounder boomboom beerbeer apple123 undertaker sinclair moneyman mmmmmmmm
marianne jjjjjjjj gargoyle 19881988 19741974 zerocool test1234 idontknow hahahaha a123456789
pppppppp motherlode lokomotiv goldstar christina 20012001 12345678q whitesox titanium thursday
thirteen tazmania starfire qwerqwer qazwsx12 giuseppe buckshot tomorrow southpark qwerty1234
paintball intruder johannes gesperrt francois christie callaway 19821982 19811981 12qw34er
123qwerty salamander resident poseidon pianoman chuckles 1q2w3e4r5 qwertyqwerty meowmeow meathead
14725836 triangle thanatos runescape gladiator barefoot 25252525 zxcvbnm1 viewsonic traveler
together spongebob original mohammed medicine cerberus 135792468 12345qwe 01234567 zxasqw12
terrapin something overkill monalisa illusion hoosiers hayabusa 123456654321 smeghead moonlight
megatron blackjack blablabla bbbbbbbb 12301230 syncmaster rhiannon bookworm babybaby aleksandra
19961996 19791979 valencia thegreat packers1 newpass6 alphabet dutchess mortgage christmas
andromeda adrienne 12345678a wrestling tinkerbell mortimer madison1 handyman ghostrider doghouse
balloons 24682468 realmadrid nokia6300 claymore chicago1 1357924680 whiskers valkyrie talisman
sporting spaceman kittykat babyface strength seahawks recovery qweqweqwe playstation leavemealone
florida1 flexible dragonball checkers charlene baseball1 thedoors sullivan stanford mollydog
lipstick illinois gamecube cannabis armagedon alexalex 987456321 123qq123 1234567890a 01020304
wishbone matthews mandarin lalalala ffffffff 19771977 19761976 tottenham tiberius teddybear
northern microphone electron dirtbike deadpool asdfzxcv amateurs absolute property password2
netscape hawaiian caligula blackout 15151515 1234567891 z1x2c3v4 testpass stonecold soulmate
q2w3e4r5 millions lineage2 criminal coldbeer capslock bullfrog bobdylan babylove argentina
annabell 11221122 yeahbaby vasilisa sergeant reynolds magazine llllllll katherine jayhawks
fishing1 dragon12 abnormal 09876543 salasana pringles preacher heineken gatorade ferrari1 eldorado
coolness 14141414 specialk shepherd paranoid masamune mamamama hopeless farscape corleone
chevrolet carlitos buddyboy 24242424 12365478 winston1 slippery sandwich piramida monkey12
millwall magician insomnia hardware fountain fastball elizaveta borussia alejandro 1234asdf
windsurf wildcard universal sunflower strawberry reddevil polopolo pinkfloyd panther1 islander
inspiron green123 123456qwe 1a2s3d4f zaqxswcde washington violetta nightmare hhhhhhhh gandalf1
doomsday devil666 darklord classics chrysler browning barbados 20202020 snowboard scrabble
rainbow6 qazwsxedc123 pharmacy nevermind mariposa insanity graphics geoffrey firewall fandango
augustus ashleigh 321321321 stanislav rochelle pumpkins mobydick longjohn iverson3 istanbul
highheel happiness gamecock faithful creature creation concorde budapest 134679852 thisisit
senators sausages pineapple nygiants moonbeam marcello maksimka loveless lollypop kleopatra
katarina hooligan gertrude fullmoon dynamite bulldog1 brittney aviation 20022002 platypus master12
heritage festival evolution dolphin1 cccccccc a12345678 michael1 woodland whiteout vanguard
temppass forsaken ferguson coolcool 7894561230 tiger123 summer99 starstar slamdunk mephisto
kkkkkkkk killer12 iloveyou2 holidays harrypotter gorgeous dudedude andersen zxcvbnm123 solitude
scoobydoo roadster pipeline mypassword mazdarx7 lemonade krasotka koroleva irishman hawaii50
freefree francesco chipmunk brigitte bergkamp bearcats 74108520 wireless yankees2 register
nascar24 mudvayne monsters mckenzie mazda626 kisskiss freebird fantasia comanche choochoo borabora
asdfgh01 alessandro abrakadabra 7777777777 23456789 123456789s yogibear wanderer viktoriya
underground tropical slowhand sheridan fishhead firefire excalibur customer cameron1 berkeley
19651965 123456123 sweetness password12 lovelife james123 jackjack fishbone catwoman drummer1
25800852 19971997 survivor sundevil revolver qwerty11 qweasd123 paradigm nonenone michaels
fairlane everlast broncos1 anastasiya 456456456 19681968 zxcasdqwe123 washburn soccer12 soccer10
smirnoff rrrrrrrr qwert12345 pumpkin1 porsche1 noname123 newcastle marseille marjorie hurricane
honolulu highbury eeeeeeee death666 costello baritone 12qw12qw 19661966 wwwwwwww wildwood wildbill
superior stefanie sidekick question mischief minemine ministry freefall fantomas elcamino coldplay
clippers capricorn calimero bluesman bluebell angelika angel123 kordell1 zildjian valentine
trinitro swinging palmtree nostromo johngalt iloveyou1 fishfish fearless foxylady enforcer
cutiepie cheshire cherries blowfish 19283746 yamahar1 whistler sprinter spencer1 slimshady
screamer papillon oooooooo lalakers lakeside highlander honeybee earthlink cygnusx1 carnival
buddy123 zachary1 wrestler vendetta telephone qwe123qwe opendoor nautilus mustang6 magellan
leedsutd jackass1 hounddog hetfield espresso dontknow dogpound bismillah misfit99 19671967
135798642 1234zxcv whiteboy waterboy vikings1 optimist mcdonald limewire konstantin fortress
capetown camaross callisto bigpoppa 9999999999 12345qwerty 19981998 tomahawk printing pentagon
notebook nokian73 mandrake mamacita hotgirls hellokitty hallo123 funstuff fredrick eggplant
cbr900rr barselona asdqwe123 absolutely warrior1 username progress nirvana1 nineinch navigator
money123 millenium marriage marines1 marijuana cricket1 chris123 bubba123 bluejays antonina
whatwhat theforce stephane sheepdog services roadrunner republic ilikepie homework hattrick
hardball goodgirl friendster flipflop f00tball dukeduke cucumber chiquita castillo 27272727
17171717 09090909 taekwondo sonyericsson skateboard riccardo prospect peaches1 nokia6233 nightwish
mash4077 krokodil hairball evangelion dolemite cabernet budweiser aolsucks 45454545 10293847
0192837465 tokiohotel sigmachi rocknroll rainyday q123456789 puppydog power123 phialpha nnnnnnnn
mississippi lonesome lighting ironmaiden herewego genesis1 forgetit flamengo exchange enternow
dodgers1 delaware bordeaux benessere asdffdsa annmarie ambrosia alleycat aaaaaaaaaa 43214321
369258147 wonderful whiplash testing1 summer69 stickman stafford speedway somerset smoothie
revolution rainbows pasadena p0o9i8u7 navyseal longhair lokiloki lkjhgfds kamasutra gsxr1000
carebear austin31 adrenalin 789654123 23skidoo 123qwert 12345qwer 12345abc 123456789m 1212121212
wonderboy voyager1 vagabond toonarmy thrasher stigmata smackdown scrapper sammy123 reginald
rainbow1 perfect1 pantera1 p4ssw0rd nevermore luckyone junkmail johnson1 futurama dragon69
crackers cartoons buttercup blue1234 2222222222 123456789qwe 1234567899 12211221 zaqwsxcde
yyyyyyyy velocity tigercat sunlight streaming sonysony scissors romantic rockwell q1234567
plastics pinnacle pathetic pancakes offshore nounours natasha1 ncc74656 mynameis letsdoit dragster
destiny1 delpiero daisydog colonial azertyuiop acidburn 44332211 1qazzaq1 1qazxsw23edc 19991999
123456qqq 123456789d 1234509876 12131213 vipergts supernova sparkles snowbird pressure playball
pizzaman pinetree papamama montrose maserati lockdown liverpool1 kingking killer123 jeepster
ilovegod hellsing escalade eleonora delldell daughter contract conquest building buffalo1 blacklab
babycake 7777777a 18121812 virginie treefrog therock1 success1 stockton skinhead qwqwqwqw playmate
piercing password9 painting nineball mohammad matchbox laetitia jellybean goldeneye elements
eclipse1 charlie2 cassandra cashmoney bobmarley baracuda alcatraz 20032003 1qw23er4 1q1q1q1q
1234rewq vanessa1 usmarine qwerasdfzxcv password99 morrowind mallrats macaroni lunchbox istheman
gabriele experienced dragonballz celebrity cardinals captain1 bubbles1 myspace1 target123 fuckyou1
princess1 linkedin 1234qwer babygirl1 sunshine1 computer1 michelle1 jasmine1 benjamin chocolate1
butterfly1 1password america1 1234567a jennifer1 elizabeth1 samantha1 myspace123 whatever1
spongebob1 spiderman iloveyou! heather1 asdfghjkl1 alexander1 spiderman1 slipknot1 iloveyou12
password! beautiful1 monster1 123456abc lovelove metallica1 danielle1 christian1 forever1
brittany1 isabella abc123456 password3 abcdefg123 password. starwars1 poohbear1 popcorn1 victoria1
twilight rockstar1 stephanie1 steelers1 greenday1 southside1 pa55word emmanuel password11
love4ever babygurl1 p@ssw0rd midnight1 lebron23 love1234 princess12 precious1 brooklyn1 123qwe123
getmoney1 hollister1 asdfjkl; facebook chouchou password7 linkinpark ronaldo7 qqww1122 volleyball
babygirl12 gateway1 bigdaddy1 ihateyou asdfghjkl; scarface1 sweetheart qwertyuiop[] fuckyou123
superstar1 motdepasse football12 september1 icecream1 christina1 inuyasha1 twilight1 snickers1
bestfriend password01 johncena1 carpediem francisco airforce1 inuyasha jackson5 runescape1
ciaociao myspace12 gangster1 sweetie1 tequiero maradona kimberly1 hollywood1 maxwell1 19861986
princess2 savannah1 paintball1 skittles1 forever21 asdasd123 cocacola1 sebastian1 soccer123
123456123456 mercedes1 maryjane1 zaq1xsw2 password4 football2 barcelona1 password00 bullshit1
onelove1 password13 baseball12 teddybear1 elephant1 welcome123 iloveyou3 cutiepie1 godisgood
charlotte1 david123 hardcore1 hercules christine1 123456987 19801980 1loveyou blackberry
alejandro1 music123 barcelona metallic williams bullshit christin michigan lacrosse anderson
courtney westside freeuser remember freepass pearljam peekaboo budlight electric swimming virginia
rolltide chevelle cardinal kawasaki airplane wolfpack lawrence stingray pussycat tarheels infinity
billybob pavilion darkside bobafett business sterling cheyenne longhorn blizzard thailand engineer
valentin serenity 98765432 77777777 seminole fussball schalke04 qwertzuiop azerty123 contrasena
princesa estrella teamo123
`;

export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(LIST.split(/\s+/).filter(Boolean));
